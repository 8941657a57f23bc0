import type { ModelConfig } from './config';

/**
 * The published SKAB baseline, reproduced. Sources: the SKAB repository (github.com/waico/SKAB),
 * notebook `notebooks/LSTM-AE.ipynb` and its model class `core/LSTM_AE.py` ("code" below), and
 * Katser & Kozitsin, "Skoltech Anomaly Benchmark (SKAB)", Kaggle, 2020. Keras defaults the code
 * relies on are written out where tfjs differs (see recurrent.ts). One deliberate difference: Keras'
 * EarlyStopping there keeps the last weights; our loop always restores the best (the issue's rule).
 */
const SKAB_LSTM_AE: ModelConfig = Object.freeze({
	architecture: 'lstm-ae', // code: Sequential LSTM → RepeatVector → LSTM → TimeDistributed(Dense)
	windowLength: 10, // notebook: N_STEPS = 10
	layers: Object.freeze([Object.freeze({ units: 100 })]), // notebook: LSTM(100, ...) in both halves
	activation: 'relu', // code: LSTM(100, activation="relu")
	kernelSize: 3, // unused by lstm-ae (the config default)
	normalization: 'none', // notebook: no normalisation layers
	dropoutRate: 0, // notebook: no dropout
	loss: 'mae', // notebook: model.compile(loss='mae')
	optimizer: Object.freeze({ name: 'adam', learningRate: 1e-3 }), // notebook: 'adam', Keras default lr
	batchSize: 32, // notebook: model.fit(batch_size=32)
	shuffle: false, // code: model.fit(shuffle=False)
	maxEpochs: 100, // notebook: model.fit(epochs=100)
	validationFraction: 0.1, // notebook: validation_split=0.1 (Keras: the last 10 %, unshuffled)
	earlyStoppingPatience: 5, // code: EarlyStopping(patience=5), monitor defaults to val_loss
	earlyStoppingMinDelta: 0, // code: EarlyStopping's default min_delta=0
	differenceDriftAbove: 1, // notebook: every channel is modelled by its level
	errorNormalisation: 'none', // notebook: the score sums raw per-channel errors
	seed: 0, // code: _Random(0) seeds numpy and TensorFlow with 0 (tfjs' streams differ anyway)
	// notebook: UCL = residuals.quantile(0.99) × 1.5 over the training windows' scores
	threshold: Object.freeze({ method: 'quantile', quantile: 0.99, factor: 1.5 })
} as const);

/**
 * PROVISIONAL: our first reasoned choice, to be tuned against SKAB (see docs/detection.md when it
 * exists). Reasoning, value by value:
 */
const DEFAULT: ModelConfig = Object.freeze({
	architecture: 'lstm-ae', // the default family; keeps the SKAB comparison like for like
	// 30 rows: SKAB's valve transitions unfold over 35–50 s at 1 Hz (measured: the detection delay
	// after onsets with 10-row windows), so a window must hold most of one; SKAB's own Conv-AE uses
	// 60. Measured on valve2: 10 → F1 0.783 / MAR 34.5 %, 30 → F1 0.855 / MAR 18.1 % (docs/detection.md).
	windowLength: 30,
	// 8 channels × 10 steps = 80 numbers per window: SKAB's 100-unit code is wider than its input, so
	// it can learn to copy anomalies too. A 16-unit bottleneck forces a compressed model of
	// normal behaviour, and is ~30× cheaper per step (the ≤ 15 s per file target).
	layers: Object.freeze([Object.freeze({ units: 16 })]),
	// tanh is the LSTM's designed cell activation: bounded, so the recurrent state cannot blow up
	// as it can with relu on unscaled spikes (Hochreiter & Schmidhuber 1997; Keras' default).
	activation: 'tanh',
	kernelSize: 3, // unused by lstm-ae
	normalization: 'none', // inputs are z-scored by the scaler already; ~350 windows are too few for BatchNorm statistics
	dropoutRate: 0, // early stopping is the regulariser; dropout noise inflates the reconstruction error on normal data
	loss: 'mae', // as SKAB: robust to the odd outlier left in the training rows
	optimizer: Object.freeze({ name: 'adam', learningRate: 1e-3 }), // Kingma & Ba 2015's default
	batchSize: 32, // as SKAB: ~11 updates per epoch on SKAB's ~350 training windows
	shuffle: true, // decorrelates consecutive stride-1 windows within a batch (standard SGD practice)
	maxEpochs: 100, // as SKAB; early stopping ends far sooner
	validationFraction: 0.1, // as SKAB: the latest 10 % is the closest to the test period
	earlyStoppingPatience: 5, // as SKAB
	earlyStoppingMinDelta: 0, // as SKAB for now; measured: on valve2/0 this preset crawls on to epoch 100
	// A channel whose level wanders over the training rows (over 20 % of its variance lies between
	// the means of four blocks: a large effect by Cohen's η² conventions; a pump's water warming up)
	// is modelled by its changes: its level outside the training range is not an anomaly, a change
	// in how it moves is (Box–Jenkins: difference a non-stationary series). docs/detection.md has
	// the measurements.
	differenceDriftAbove: 0.2,
	// Each channel's error in units of its own normal error: a quiet channel's anomaly is not
	// drowned by noisy channels. On SKAB valve2 it changed little (FAR 2.9 → 2.2 %, same MAR):
	// there the misses are a gradual onset and a level change on a differenced channel.
	errorNormalisation: 'per-channel',
	seed: 0,
	// Peaks over threshold (Siffer et al., KDD 2017): a fitted tail instead of a hand factor.
	// Their recommended initial quantile 0.98 (lowered automatically until 10 peaks remain, see
	// detector/threshold-method.ts). Risk 1e-2: one normal window in 100 exceeds it. This decides
	// points only; alert rules with pending periods sit on top and absorb isolated exceedances, so
	// the point detector leans sensitive. Measured on SKAB valve2 (docs/detection.md): 1e-3 gave
	// FAR 0.6 % / MAR 38 %, 1e-2 gives FAR 2.9 % / MAR 35 %.
	threshold: Object.freeze({ method: 'pot', initialQuantile: 0.98, riskLevel: 1e-2 })
} as const);

/** Named, frozen configs. `default` is provisional; `skab-lstm-ae` reproduces the SKAB baseline. */
export const PRESETS = Object.freeze({
	default: DEFAULT,
	'skab-lstm-ae': SKAB_LSTM_AE
} satisfies Record<string, ModelConfig>);

/** `'default'` or `'skab-lstm-ae'`. */
export type PresetName = keyof typeof PRESETS;

/** For names from the command line or storage. */
export function isPresetName(name: string): name is PresetName {
	return Object.hasOwn(PRESETS, name);
}
