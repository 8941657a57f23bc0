"""PyTorch beside `npm run bench:kernels`: the same LSTM autoencoder, timed the same way.

Mirrors src/lib/ml/model.ts for lstm-ae with one layer: LSTM(units) -> last h -> repeat over the
window -> LSTM(units, sequences) -> per-step Linear(channels). Training: Adam (lr 1e-3) on the
MAE reconstruction loss of one fixed batch per step; scoring: reconstruct, then each window's
sum over channels of the mean over time of |error|, without gradients. One difference: nn.LSTM
has no relu cell activation, so this is the tanh LSTM (the arithmetic is the same).

Usage: python3 bench/kernels/pytorch_lstm_ae.py --window 10 --channels 8 --units 100 \
           --train-batches 32,256 --score-batches 1,64,1024,8192 --seconds 3
Prints one JSON line.
"""

import argparse
import json
import os
import time

import torch
from torch import nn


class LstmAutoencoder(nn.Module):
    def __init__(self, channels: int, units: int, window: int):
        super().__init__()
        self.window = window
        self.encoder = nn.LSTM(channels, units, batch_first=True)
        self.decoder = nn.LSTM(units, units, batch_first=True)
        self.output = nn.Linear(units, channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _, (h, _) = self.encoder(x)  # h: [1, batch, units], the last step
        code = h[-1].unsqueeze(1).expand(-1, self.window, -1)  # RepeatVector
        y, _ = self.decoder(code)
        return self.output(y)  # TimeDistributed(Dense)


def timed(batch: int, call, warmup: int, min_seconds: float, min_iterations: int) -> dict:
    for _ in range(warmup):
        call()
    durations = []
    started = time.perf_counter()
    while len(durations) < min_iterations or time.perf_counter() - started < min_seconds:
        t0 = time.perf_counter()
        call()
        durations.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - started
    durations.sort()
    return {
        "batch": batch,
        "iterations": len(durations),
        "windowsPerS": len(durations) * batch / seconds,
        "medianMs": 1000 * durations[len(durations) // 2],
    }


def blas_libraries() -> list:
    """The BLAS shared libraries this process loaded (Debian's torch uses whatever libblas.so.3
    the alternatives system points at: the slow reference BLAS unless OpenBLAS is installed)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower()}
        return sorted(p for p in paths if p.startswith("/"))
    except OSError:
        return []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--channels", type=int, default=8)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--train-batches", default="32,256")
    parser.add_argument("--score-batches", default="1,64,1024,8192")
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--min-iterations", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    batches = lambda text: [int(b) for b in text.split(",") if b]

    train = []
    for batch in batches(args.train_batches):
        model = LstmAutoencoder(args.channels, args.units, args.window)
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.randn(batch, args.window, args.channels)

        def step():
            optimizer.zero_grad()
            loss = (model(x) - x).abs().mean()
            loss.backward()
            optimizer.step()
            loss.item()

        train.append(timed(batch, step, 2, args.seconds, args.min_iterations))

    score = []
    model = LstmAutoencoder(args.channels, args.units, args.window).eval()
    for batch in batches(args.score_batches):
        x = torch.randn(batch, args.window, args.channels)

        def scoring():
            with torch.no_grad():
                (model(x) - x).abs().mean(dim=1).sum(dim=1).numpy()

        score.append(timed(batch, scoring, 2, args.seconds, args.min_iterations))

    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "threads": torch.get_num_threads(),
                "activation": "tanh",
                "blas": blas_libraries(),
                "train": train,
                "score": score,
            }
        )
    )


if __name__ == "__main__":
    main()
