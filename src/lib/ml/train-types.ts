/** Types of train.ts's API, kept apart so the loop stays short. */

/** After each training batch. Epochs and batches count from 0. */
export interface BatchProgress {
	readonly epoch: number;
	readonly batch: number;
	readonly batchesPerEpoch: number;
	/** Mean absolute error of this batch (scaled units). */
	readonly loss: number;
	/** Training windows per second so far in this epoch. */
	readonly windowsPerSecond: number;
	/** Seconds left if training ran all `maxEpochs` (an upper bound: early stopping ends sooner). */
	readonly etaSeconds: number;
}

/** After each epoch's validation. */
export interface EpochProgress {
	readonly epoch: number;
	/** Mean training loss over the epoch's windows. */
	readonly loss: number;
	readonly valLoss: number;
	/** Training windows per second over the epoch (validation excluded). */
	readonly windowsPerSecond: number;
	readonly etaSeconds: number;
	/** The epoch whose weights are kept so far. */
	readonly bestEpoch: number;
}

export interface TrainOptions {
	/** Aborting rejects with an error named `AbortError` within one batch. */
	readonly signal?: AbortSignal;
	/** Called after every batch; throttle in the caller if it crosses a worker boundary. */
	readonly onBatch?: (progress: BatchProgress) => void;
	readonly onEpoch?: (progress: EpochProgress) => void;
}

export interface TrainSummary {
	/** Per epoch run: mean training loss and validation loss (MAE, scaled units). */
	readonly history: { readonly loss: number[]; readonly valLoss: number[] };
	/** Epoch (from 0) whose weights the model holds now. */
	readonly bestEpoch: number;
	readonly bestValLoss: number;
	/** true if patience ran out before `maxEpochs`. */
	readonly stoppedEarly: boolean;
	readonly durationMs: number;
	readonly trainWindows: number;
	readonly validationWindows: number;
}

export type TrainResult =
	| ({ readonly ok: true } & TrainSummary)
	| {
			readonly ok: false;
			readonly reason: 'too-few-windows' | 'diverged';
			readonly message: string;
	  };
