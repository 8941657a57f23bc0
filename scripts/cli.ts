/**
 * Vigil on the command line, on the same engine as the app:
 *
 *   npm run cli -- score --csv <file> [--train-rows N | --train-fraction F] [--preset <name>]
 *                        [--seed N] [--backend wasm|cpu] --out <file.csv>
 *   npm run cli -- evaluate --csv <labelled file> --model <version.json> [--label <column>]
 *                        [--backend wasm|cpu] [--scores] [--out <report.json>]
 *
 * Both read any CSV the data layer reads (delimiter, header and timestamp detected). `score`
 * trains a fresh model on the first rows and scores the rest (cli-score.ts); `evaluate` scores a
 * whole labelled file with a saved model version and reports its metrics (cli-evaluate.ts).
 */
import { exitCleanlyOnErrors } from '../bench/node-backend';
import { EVALUATE_USAGE, runEvaluate } from './cli-evaluate';
import { fail } from './cli-fail';
import { runScore, SCORE_USAGE } from './cli-score';

exitCleanlyOnErrors();

const [command, ...args] = process.argv.slice(2);
if (command === 'score') await runScore(args);
else if (command === 'evaluate') await runEvaluate(args);
else fail(`usage:\n  ${SCORE_USAGE}\n  ${EVALUATE_USAGE}`);
