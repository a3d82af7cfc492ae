import type { EditorDictionaryKey } from './editor.en';

/** エディタの表示（キャンバスの配置と整列、キーボードでの配線、読み上げ名、古い結果、離脱確認、テーマ）の日本語。 */
export const editorJa: Record<EditorDictionaryKey, string> = {
  'editor.canvas.tidy': 'レイアウトを整える',

  'editor.port.input': '{node} の入力「{port}」（{kind}）。Enter で接続先を選ぶ。',
  'editor.port.output': '{node} の出力「{port}」（{kind}）。Enter で接続先を選ぶ。',
  'editor.wiring.menuFromOutput': '{port} をつなぐ先',
  'editor.wiring.menuFromInput': '{port} につなぐ元',
  'editor.wiring.menuList': 'つなげるポート',
  'editor.wiring.menuEmpty': 'キャンバス上にこのポートとつなげるポートがありません。',
  'editor.wiring.menuHint': '↑ ↓ で選択・Enter で接続・Esc で閉じる',
  'editor.wiring.replaces': '{from} からの配線と置き換わります',
  'editor.wiring.replaced': '{input} に接続しました。{from} からの配線は置き換えました（元に戻すで戻せます）。',
  'editor.wiring.connected': '{from} → {to} を接続しました。',
  'editor.wiring.noPort': '{node} にはこのポートとつなげるポートがありません。',

  'editor.a11y.node': 'Enter か Space でノードを選択、Tab でポートへ移動、Delete で削除、選択中は矢印キーで移動できます。',
  'editor.a11y.edge': '配線です。Delete で削除、Enter か Space で選択できます。',
  'editor.a11y.moved': 'ノードを {direction} へ動かしました（x {x}、y {y}）。',
  'editor.a11y.controls': 'キャンバスの操作',
  'editor.a11y.zoomIn': '拡大',
  'editor.a11y.zoomOut': '縮小',
  'editor.a11y.interactive': 'キャンバスのロックを切り替える',
  'editor.a11y.handle': 'ポート',
  'editor.a11y.separator': '、',
  'editor.a11y.output': '出力 {shape}',
  'editor.a11y.outputNamed': '出力「{port}」{shape}',
  'editor.a11y.params': 'パラメータ {count} 個',
  'editor.a11y.oneError': 'エラー 1 件',
  'editor.a11y.errors': 'エラー {count} 件',
  'editor.a11y.edgeName': '{from} から {to} への配線、{shape}',

  'editor.stale.results':
    '以前のグラフの結果です。このモデルを学習した後にグラフが変更されました。もう一度学習すると最新になります（元に戻すで学習時のグラフに戻すと、この結果が再び有効になります）。',
  'editor.stale.status': 'グラフ変更あり',
  'editor.stale.resumeRefused':
    '再開できません。この学習を始めた後にグラフが変更されたため、再開すると変更前のグラフを学習し続けることになります。変更を元に戻してから再開するか、停止してもう一度学習してください。',
  'editor.run.waitEvaluation': 'テスト画像で評価しています。終わると再び学習できます。',

  'editor.count.node.one': 'ノード {count} 個',
  'editor.count.node.other': 'ノード {count} 個',
  'editor.count.error.one': 'エラー {count} 件',
  'editor.count.error.other': 'エラー {count} 件',
  'editor.count.warning.one': '警告 {count} 件',
  'editor.count.warning.other': '警告 {count} 件',
  'editor.count.layer.one': '{count} 個',
  'editor.count.layer.other': '{count} 個',
  'editor.count.image.one': '{count} 枚',
  'editor.count.image.other': '{count} 枚',

  'editor.topbar.toolbar': 'ファイルと履歴',
  'editor.topbar.noProblems': '問題なし',
  'editor.params.incomplete': 'まだ数えられません。形の決まらない層があります（{layers}。問題の一覧を参照）。',
  'editor.theme.system': 'テーマ：システムの設定に合わせる',
  'editor.theme.light': 'テーマ：ライト',
  'editor.theme.dark': 'テーマ：ダーク',
  'editor.theme.next': 'クリックで切り替え',

  'editor.param.notApplied': '適用されていません。ノードの値は {value} のままです。入力を直すか、Esc で {value} に戻してください。',
  'editor.param.draftBadge': 'このノードの設定に、適用されていない入力があります（インスペクタを参照）。',

  'editor.fix.why': '損失関数は {node} の出力と正解ラベルを比べます。列の数と、損失関数が想定する活性化関数をそろえる必要があります。',
  'editor.fix.matchLabels': 'ラベルに合わせる：{units} ユニット・{activation}',
  'editor.meta.description': '説明',
  'editor.meta.descriptionPlaceholder': 'このネットワークが何か、どこを見るとよいか（ファイルやリンクと一緒に渡ります）。',
  'editor.meta.descriptionStale': 'サンプル「{example}」のために書かれた説明です。その後グラフが変更されたので、書かれている数値は当てはまらないかもしれません。',
  'editor.meta.descriptionClear': '説明を消す',
  'editor.meta.otherLanguage': '{language}で別のタイトルと説明を付ける',

  'editor.gallery.cap.view': '一度に表示するのは {limit} 枚までです。',
  'editor.gallery.cap.correct': '評価では、クラスごとに正しく分類された最初の {kept} 枚だけを保持しています。',
  'editor.gallery.cap.mistakes': '評価では、テストデータの順に最初の {kept} 件の誤分類だけを保持しています。',

  'editor.presets.params': 'パラメータ {count} 個',
  'editor.presets.epochs': '{count} エポック',
};
