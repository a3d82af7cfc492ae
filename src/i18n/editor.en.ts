/**
 * English texts of the editor's own views added for the student's first hour (canvas framing and
 * tidy-up, keyboard wiring, accessible names, stale results, the leave prompt, the theme). Spread
 * into en.ts; ja has the same keys (editor.ja.ts).
 */
export const editorEn = {
  'editor.canvas.tidy': 'Tidy up the layout',

  'editor.port.input': 'Input {port} ({kind}) of {node}. Enter: choose what to connect.',
  'editor.port.output': 'Output {port} ({kind}) of {node}. Enter: choose what to connect.',
  'editor.wiring.menuFromOutput': 'Connect {port} to…',
  'editor.wiring.menuFromInput': 'Connect {port} from…',
  'editor.wiring.menuList': 'Ports that fit',
  'editor.wiring.menuEmpty': 'No port on the canvas fits this one.',
  'editor.wiring.menuHint': '↑ ↓ choose · Enter connect · Esc close',
  'editor.wiring.replaces': 'replaces the wire from {from}',
  'editor.wiring.replaced': 'Connected {input}; the wire from {from} was replaced (Undo brings it back).',
  'editor.wiring.connected': 'Connected {from} → {to}.',
  'editor.wiring.noPort': 'no port of {node} fits this one.',

  'editor.a11y.node': 'Enter or Space selects the node; Tab reaches its ports; Delete removes it; arrow keys move it once selected.',
  'editor.a11y.edge': 'A wire. Delete removes it; Enter or Space selects it.',
  'editor.a11y.moved': 'Moved the node {direction}, to x {x}, y {y}.',
  'editor.a11y.controls': 'Canvas controls',
  'editor.a11y.zoomIn': 'Zoom in',
  'editor.a11y.zoomOut': 'Zoom out',
  'editor.a11y.interactive': 'Lock or unlock the canvas',
  'editor.a11y.handle': 'Port',
  'editor.a11y.separator': ', ',
  'editor.a11y.output': 'output {shape}',
  'editor.a11y.outputNamed': 'output {port} {shape}',
  'editor.a11y.params': '{count} parameters',
  'editor.a11y.oneError': '1 error',
  'editor.a11y.errors': '{count} errors',
  'editor.a11y.edgeName': 'Wire from {from} to {to}, {shape}',

  'editor.stale.results':
    'From an earlier version of the graph: it has changed since this model was trained. Train again to bring these up to date (Undo back to that version makes them current again).',
  'editor.stale.status': 'graph changed',
  'editor.stale.resumeRefused':
    'Cannot resume: the graph has changed since this run started, and resuming would go on training the earlier graph. Undo the change to resume, or Stop and train again.',
  'editor.run.waitEvaluation': 'Evaluating on the test images; Train is available again when that ends.',

  'editor.count.node.one': '1 node',
  'editor.count.node.other': '{count} nodes',
  'editor.count.error.one': '1 error',
  'editor.count.error.other': '{count} errors',
  'editor.count.warning.one': '1 warning',
  'editor.count.warning.other': '{count} warnings',
  'editor.count.layer.one': '1 layer',
  'editor.count.layer.other': '{count} layers',
  'editor.count.image.one': '1 image',
  'editor.count.image.other': '{count} images',

  'editor.topbar.toolbar': 'File and history',
  'editor.topbar.noProblems': 'No problems',
  'editor.params.incomplete': 'Not counted yet: {layers} without a shape (see the problems).',
  'editor.theme.system': 'Theme: as the system',
  'editor.theme.light': 'Theme: light',
  'editor.theme.dark': 'Theme: dark',
  'editor.theme.next': 'click to change',

  'editor.param.notApplied': 'Not applied: the node keeps {value}. Fix the entry, or press Esc to put {value} back.',
  'editor.param.draftBadge': 'A setting of this node has an entry that is not applied (see the inspector).',

  'editor.fix.why': 'The loss compares the output of {node} with the labels: they need the same number of columns, and the activation the loss expects.',
  'editor.fix.matchLabels': 'Match the labels: {units} units · {activation}',
  'editor.meta.description': 'Description',
  'editor.meta.descriptionPlaceholder': 'What this network is and what to look at (travels with the file and the link).',
  'editor.meta.descriptionStale': 'Written for the example “{example}”; this graph has changed since, so its numbers may no longer hold.',
  'editor.meta.descriptionClear': 'Remove it',
  'editor.meta.otherLanguage': 'A different title and description in {language}',

  'editor.gallery.cap.view': 'At most {limit} images are shown at a time.',
  'editor.gallery.cap.correct': 'The evaluation keeps the first {kept} correctly classified images of each class.',
  'editor.gallery.cap.mistakes': 'The evaluation keeps the first {kept} mistakes of the test set, in its order.',

  'editor.presets.params': '{count} parameters',
  'editor.presets.epochs': '{count} epochs',
} as const;

export type EditorDictionaryKey = keyof typeof editorEn;
