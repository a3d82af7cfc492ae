import type { dataEn } from './data.en';

/** Japanese text of the user's own data (same keys as data.en.ts). */
export const dataJa: Record<keyof typeof dataEn, string> = {
  'engine.DATA_TOO_FEW_CLASSES':
    'クラスのフォルダが {count} 個（{classes}）しか見つかりません。2 つ以上必要です。クラスごとに、クラス名を付けたサブフォルダに画像を入れてください。',
  'engine.DATA_EMPTY_CLASS':
    'クラスのフォルダ {classes} に使える画像が 1 枚もありません。各クラスに少なくとも 1 枚の画像が必要です（不要ならそのフォルダを削除してください）。',
  'engine.DATA_TEST_CLASS_UNKNOWN': 'テストデータに、学習データにないクラスがあります: {classes}（学習データのクラス: {known}）。',
  'engine.DATA_TOO_LARGE':
    '{count} 枚の画像を {shape} で読み込むと {megabytes} MB 必要になり、Kairo が画像に使える上限 {budget} MB を超えます。画像の大きさを小さくする（{smaller} なら収まります）か、白黒にしてください（白黒なら {greyMegabytes} MB）。',
  'engine.DATA_NOT_STORED':
    'このグラフが学習に使うデータ「{name}」は、このブラウザーに保存されていません。データセットノードの「データを選ぶ」またはデータ画面から、もう一度選んでください。',
  'engine.DATA_STORE_QUOTA':
    'ブラウザーがデータ（{megabytes} MB）の保存を拒否しました。このサイトの保存領域がいっぱいです。データ画面で不要なデータを削除するか、ディスクの空きを増やしてください。',
  'engine.DATA_STORE_FAILED':
    'このブラウザーにデータを保存できませんでした（プライベートウィンドウか、サイトの保存が無効になっています）。元のファイルはそのままです。通常のウィンドウで試してください。',
  'engine.DATA_IMAGE_UNREADABLE': '「{file}」を画像として読み込めませんでした。',
  'engine.DATA_ZIP_BROKEN': '「{file}」は Kairo が読める zip ファイルではありません（壊れているか、特殊な圧縮方式の可能性があります）。',
  'engine.DATA_ZIP_TOO_LARGE':
    '「{file}」は Kairo が読める大きさを超えています（ここまでで {megabytes} MB、上限は {limit} MB）。画像を減らすか小さくするか、zip ではなくフォルダを選んでください。',
  'engine.DATA_ZIP_TOO_MANY_FILES': '「{file}」には {count} 個のファイルがあります。Kairo が読めるのは {limit} 個までです。',
  'engine.DATA_TABLE_UNREADABLE': '「{file}」を表として読めません。{row} 行目付近で引用符（"）が閉じられていません。',
  'engine.DATA_TABLE_EMPTY': '「{file}」には見出し行の下にデータの行がありません。表には見出し行と、少なくとも 1 行のデータが必要です。',
  'engine.DATA_TABLE_BAD_HEADER': '「{file}」の列名が長すぎます（{column}）。列名は 200 文字までにしてください。',
  'engine.DATA_TABLE_DUPLICATE_COLUMN': '「{file}」に「{column}」という名前の列が 2 つあります。どちらかの名前を変えてください。',
  'engine.DATA_TABLE_RAGGED':
    '「{file}」の {count} 行で、値の数が見出し行の {expected} 個と合いません（{rows} 行目。最初の行の値は {found} 個）。区切り文字と引用符を確認してください。',
  'engine.DATA_TABLE_NO_COLUMN': '「{file}」には列 {columns} がありません。',
  'engine.DATA_TABLE_ONE_CLASS': '「{file}」のラベル列「{column}」にはクラスが 1 つ（{classes}）しかありません。分類には 2 つ以上のクラスが必要です。',
  'engine.DATA_TABLE_TOO_MANY_CLASSES':
    '「{file}」のラベル列「{column}」には {count} 種類の値があります。Kairo が分類できるのは {limit} クラスまでです。ラベル列の選び方は正しいですか。',
  'engine.DATA_TABLE_NO_NUMERIC':
    '「{file}」の特徴量の列（{columns}）に数値の列が 1 つもありません。Kairo には少なくとも 1 つの数値の列が必要です。区切り文字は正しいですか。',
  'engine.DATA_TABLE_UNLABELLED': '「{column}」に値のない {count} 行は使いません。',
  'engine.DATA_TABLE_ROWS_DROPPED': '欠損値のある {count} 行は使いません（データセットノードの欠損値の扱い: drop）。',
  'engine.DATA_TABLE_ROWS_FILLED':
    '欠損値のある {count} 行は、学習データの平均値または最も多いカテゴリで埋めました（データセットノードの欠損値の扱い: fill）。',

  'data.skip.notImage': '画像ではない',
  'data.skip.empty': '空のファイル',
  'data.skip.damaged': '壊れている',
  'data.skip.notDecodable': 'コマンドラインでは読めない形式（JPEG・PNG・TIFF のみ）',
  'data.skip.tooLarge': '大きすぎる',
  'data.skip.outsideClass': 'クラスのフォルダに入っていない',

  'data.cli.skipped': '{count} 個のファイルを飛ばしました: {files}',
  'data.cli.otherData': 'グラフはデータ「{named}」で作られていますが、代わりに「{given}」で学習します',
  'data.cli.noDataset': 'グラフにデータセットノードがありません',
  'data.cli.needsImages': 'このグラフは画像「{name}」で学習します。フォルダまたは .zip を --data PATH で指定してください',
  'data.cli.needsTable': 'このグラフは表「{name}」で学習します。.csv ファイルを --data PATH で指定してください',
  'data.cli.labelNeedsTable': '--label は表の列を指定します。--data が .csv や .tsv のファイルではありません',
};
