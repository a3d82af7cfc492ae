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

  'data.title': 'データ',
  'data.close': 'データ画面を閉じる',
  'data.topbar': 'データ',
  'data.topbarTitle': '自分の画像や表の読み込み・確認・削除',
  'data.kind.images': '画像',
  'data.kind.table': '表',

  'data.node.chooseImages': '画像がまだ選ばれていません',
  'data.node.chooseTable': '表がまだ選ばれていません',
  'data.node.missing': '「{name}」はこのブラウザーにありません',
  'data.node.builtin': '組み込み',
  'data.node.ready': 'このブラウザーに保存済み',
  'data.node.pick': '選ぶ…',

  'data.ref.none': 'データはまだ選ばれていません。',
  'data.ref.counts': '学習用 {train} 件・別のテスト用 {test} 件',
  'data.ref.otherSize': '「{name}」は別の大きさ・色・合わせ方で保存されています。この設定で使うには、フォルダをもう一度選んでください。',
  'data.ref.choose': 'データを選ぶ…',
  'data.ref.view': 'データ画面を開く',

  'data.blocked.images': '先に学習に使う画像を選んでください（データセットノード → 選ぶ…）。',
  'data.blocked.table': '先に学習に使う表を選んでください（データセットノード → 選ぶ…）。',

  'data.current.title': 'このグラフのデータ',
  'data.current.mnist': 'このグラフは、Kairo に組み込まれた手書き数字 MNIST で学習します。',
  'data.current.chooseImages': 'このグラフは画像で学習します。下から、クラスごとのサブフォルダを含むフォルダ、またはその .zip を選んでください。',
  'data.current.chooseTable': 'このグラフは表で学習します。下から CSV ファイルか組み込みの表を選んでください。',
  'data.current.checking': 'このブラウザーの中でデータを探しています…',
  'data.current.pickAgain': '下から同じ{kind}をもう一度選んでください（クラス: {classes}）。グラフのほかの部分はそのまま残ります。',
  'data.current.builtin': 'このグラフは組み込みの表「{name}」で学習します。',
  'data.current.ready': 'このグラフは、このブラウザーに保存された「{name}」（{kind}）で学習します。',

  'data.preview.count': '{count} 枚',
  'data.preview.imbalance':
    'クラスの大きさが大きく偏っています。「{small}」は {smallCount} 件、「{large}」は {largeCount} 件です。ネットワークが多いほうのクラスを選びがちになるおそれがあるので、できれば少ないほうのデータを増やしてください。',

  'data.columns.name': '列',
  'data.columns.type': '種類',
  'data.columns.use': '使い方',
  'data.columns.values': '値',
  'data.columns.missing': '欠損',
  'data.columns.kind.numeric': '数値',
  'data.columns.kind.categorical': 'カテゴリ',
  'data.columns.role.label': 'ラベル（クラス）',
  'data.columns.role.feature': '入力',
  'data.columns.role.unused': '使わない',
  'data.columns.range': '{min}～{max}（平均 {mean}）',

  'data.import.title': 'データを読み込む',
  'data.import.drop': 'ボタンで選ぶか、フォルダ・.zip・.csv ファイルをこのウィンドウのどこかにドロップしてください。',
  'data.import.imagesTitle': '画像',
  'data.import.imagesHint': 'クラスごとに 1 つのサブフォルダを用意し、フォルダ名がクラス名になります。JPEG・PNG・WebP・GIF・BMP・TIFF に対応。',
  'data.import.folder': 'フォルダを選ぶ…',
  'data.import.zip': '.zip を選ぶ…',
  'data.import.nothing': 'まだ何も選ばれていません。',
  'data.import.files': '「{name}」: {count} 個のファイル',
  'data.import.testTitle': '別のテスト用画像（任意）',
  'data.import.testFolder': 'テスト用フォルダ…',
  'data.import.testZip': 'テスト用 .zip…',
  'data.import.noTest': 'なし: 各クラスの一部を（シード付きで）テスト用に取り分けます。',
  'data.import.size': '大きさ',
  'data.import.colour': '色',
  'data.import.rgb': 'カラー（RGB）',
  'data.import.grey': '白黒',
  'data.import.fit': '合わせ方',
  'data.import.fit.squash': '引き伸ばす',
  'data.import.fit.crop': '中央を切り抜く',
  'data.import.fit.pad': '余白を足す',
  'data.import.start': '読み込む',
  'data.import.tableTitle': '表',
  'data.import.tableHint': 'CSV または TSV ファイル。1 行が 1 サンプルで、見出し行と、クラスを表す列が必要です。',
  'data.import.table': 'CSV ファイルを選ぶ…',
  'data.import.testTable': 'テスト用 CSV（任意）…',
  'data.import.label': 'ラベルの列（クラス）',
  'data.import.features': '入力に使う列（{count} 行）',
  'data.import.builtins': '組み込み:',
  'data.import.reading': 'ファイルを読んでいます…',
  'data.import.progress': '変換中: {total} 個中 {done} 個のファイル',
  'data.import.cancel': '中止',
  'data.import.done': '「{name}」を読み込みました: {classes} クラス、{count} 件（{seconds} 秒）。データセットノードがこのデータを使います。',
  'data.import.skipped': '{count} 個のファイルを飛ばしました（クリックで一覧と理由を表示）',

  'data.builtin.iris': 'アヤメの花',
  'data.builtin.penguins': 'パーマー諸島のペンギン',

  'data.stored.title': 'このブラウザーに保存されたデータ',
  'data.stored.total': '合計 {megabytes} MB',
  'data.stored.none': '保存されたデータはまだありません。',
  'data.stored.inUse': '使用中',
  'data.stored.classes': '{classes} クラス・{count} 件',
  'data.stored.size': '{megabytes} MB',
  'data.stored.use': '使う',
  'data.stored.delete': '削除',

  'data.storage.STORAGE_UNAVAILABLE': 'このブラウザーでは Kairo がデータを保存できません（プライベートウィンドウか、サイトの保存が無効になっています）。読み込んだデータはページを閉じると消えます。',
  'data.storage.STORAGE_QUOTA': 'このサイトのブラウザーの保存領域がいっぱいです。不要なデータを削除するか、ディスクの空きを増やしてください。',
  'data.storage.STORAGE_TOO_NEW': '保存されたデータは新しいバージョンの Kairo が書いたものなので、そのままにしてあります。ページを再読み込みして新しい Kairo を使ってください。',
  'data.storage.STORAGE_BLOCKED': '別のタブの Kairo が保存領域を開いたままにしています。ほかのタブを閉じてから、もう一度試してください。',
  'data.storage.STORAGE_FAILED': 'ブラウザーが保存されたデータを読み書きできませんでした。',

  'data.try.tab': '画像で試す',
  'data.try.drop': 'ここに画像をドロップ',
  'data.try.pick': '画像を選ぶ…',
  'data.try.hint': '画像は学習画像と同じように（同じ大きさ・色・合わせ方で）変換されます。',
  'data.try.empty': '画像をドロップするか選ぶと、ネットワークがどう判断するかが表示されます。',
};
