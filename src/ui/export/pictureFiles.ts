/**
 * Pictures as PNG files in the browser: the canvas (its SVG rasterised at twice its size), the
 * training charts (loss and accuracy side by side, from the run's chart data) and the confusion
 * matrix (counts, shaded by each true class's share), drawn here on a canvas of their own so they
 * look the same whatever size the panel has.
 */
import type { EvaluationRecord } from '../../export/trainedModel';
import type { PointSeries, TrainingSeries } from '../training/trainingSeries';

const FONT = '"Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", system-ui, sans-serif';
const SCALE = 2;

function canvasOf(width: number, height: number): { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = width * SCALE;
  canvas.height = height * SCALE;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.scale(SCALE, SCALE);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  return { canvas, context };
}

function toPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png'));
}

/** An SVG document as a PNG at twice its size. */
export async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const { canvas, context } = canvasOf(image.naturalWidth || 800, image.naturalHeight || 600);
    context.drawImage(image, 0, 0);
    return await toPng(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export interface ChartTexts {
  loss: string;
  accuracy: string;
  training: string;
  validation: string;
  epoch: string;
}

function pointsOf(series: PointSeries): [number, number][] {
  const points: [number, number][] = [];
  for (let index = 0; index < series.length; index++) points.push([series.x(index), series.y(index)]);
  return points;
}

function drawPanel(
  context: CanvasRenderingContext2D,
  box: { x: number; y: number; width: number; height: number },
  title: string,
  lines: { points: [number, number][]; color: string; dots: boolean }[],
  epochs: number,
  texts: ChartTexts,
): void {
  const all = lines.flatMap((line) => line.points.map(([, y]) => y)).filter(Number.isFinite);
  const low = Math.min(0, ...all);
  const high = Math.max(low + 1e-6, ...all);
  const plot = { x: box.x + 44, y: box.y + 28, width: box.width - 56, height: box.height - 58 };
  const px = (x: number) => plot.x + (x / Math.max(1, epochs)) * plot.width;
  const py = (y: number) => plot.y + plot.height - ((y - low) / (high - low)) * plot.height;
  context.font = `600 14px ${FONT}`;
  context.fillStyle = '#1d2533';
  context.fillText(title, box.x + 8, box.y + 18);
  context.strokeStyle = '#cdd3dc';
  context.lineWidth = 1;
  context.strokeRect(plot.x, plot.y, plot.width, plot.height);
  context.font = `11px ${FONT}`;
  context.fillStyle = '#687385';
  for (let tick = 0; tick <= 4; tick++) {
    const value = low + ((high - low) * tick) / 4;
    context.fillText(value.toFixed(high - low < 2 ? 2 : 1), box.x + 4, py(value) + 4);
  }
  for (let epoch = 0; epoch <= epochs; epoch += Math.max(1, Math.ceil(epochs / 10))) context.fillText(String(epoch), px(epoch) - 3, plot.y + plot.height + 14);
  context.fillText(texts.epoch, plot.x + plot.width / 2 - 14, plot.y + plot.height + 28);
  for (const line of lines) {
    context.strokeStyle = line.color;
    context.fillStyle = line.color;
    context.lineWidth = 1.5;
    if (line.dots) {
      for (const [x, y] of line.points) {
        context.beginPath();
        context.arc(px(x), py(y), 3.5, 0, Math.PI * 2);
        context.fill();
      }
      continue;
    }
    context.beginPath();
    for (const [index, [x, y]] of line.points.entries()) {
      if (index === 0) context.moveTo(px(x), py(y));
      else context.lineTo(px(x), py(y));
    }
    context.stroke();
  }
}

/** The loss and accuracy charts of a run as one PNG. */
export function chartsPng(series: TrainingSeries, texts: ChartTexts): Promise<Blob> {
  const { canvas, context } = canvasOf(960, 340);
  const legend = [
    { label: texts.training, color: '#3657d6' },
    { label: texts.validation, color: '#e07b24' },
  ];
  for (const [index, metric] of (['loss', 'accuracy'] as const).entries()) {
    const data = series.metric(metric);
    drawPanel(
      context,
      { x: index * 480, y: 0, width: 480, height: 320 },
      metric === 'loss' ? texts.loss : texts.accuracy,
      [
        { points: pointsOf(data.smoothed), color: '#3657d6', dots: false },
        { points: pointsOf(data.validation), color: '#e07b24', dots: true },
      ],
      series.epochs,
      texts,
    );
  }
  context.font = `12px ${FONT}`;
  legend.forEach((entry, index) => {
    context.fillStyle = entry.color;
    context.fillRect(60 + index * 220, 326, 14, 4);
    context.fillStyle = '#4b5565';
    context.fillText(entry.label, 80 + index * 220, 332);
  });
  return toPng(canvas);
}

/** The confusion matrix of an evaluation as a PNG: rows are true classes, columns predicted ones. */
export function confusionMatrixPng(evaluation: EvaluationRecord, texts: { trueClass: string; predicted: string }): Promise<Blob> {
  const classes = evaluation.classNames;
  const cell = Math.max(34, Math.min(56, Math.floor(480 / Math.max(1, classes.length))));
  const left = 96;
  const top = 64;
  const size = cell * classes.length;
  const { canvas, context } = canvasOf(left + size + 24, top + size + 24);
  context.font = `600 13px ${FONT}`;
  context.fillStyle = '#1d2533';
  context.fillText(texts.predicted, left + size / 2 - 40, 22);
  context.save();
  context.translate(18, top + size / 2 + 40);
  context.rotate(-Math.PI / 2);
  context.fillText(texts.trueClass, 0, 0);
  context.restore();
  context.font = `12px ${FONT}`;
  evaluation.confusionMatrix.forEach((row, trueClass) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    context.fillStyle = '#4b5565';
    context.fillText(classes[trueClass] ?? String(trueClass), left - 24, top + trueClass * cell + cell / 2 + 4);
    row.forEach((count, predicted) => {
      const share = total > 0 ? count / total : 0;
      context.fillStyle = predicted === trueClass ? `rgba(63, 145, 97, ${0.12 + share * 0.8})` : `rgba(196, 80, 106, ${count > 0 ? 0.1 + share * 0.9 : 0})`;
      context.fillRect(left + predicted * cell, top + trueClass * cell, cell - 1, cell - 1);
      context.fillStyle = share > 0.55 ? '#ffffff' : '#1d2533';
      const text = String(count);
      context.fillText(text, left + predicted * cell + cell / 2 - context.measureText(text).width / 2, top + trueClass * cell + cell / 2 + 4);
    });
  });
  classes.forEach((name, index) => {
    context.fillStyle = '#4b5565';
    context.fillText(name, left + index * cell + cell / 2 - context.measureText(name).width / 2, top - 8);
  });
  return toPng(canvas);
}
