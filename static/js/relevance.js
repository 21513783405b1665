// Which questions can change the verdict, given the answers so far: the same walk over
// the same trees as policies/relevance.py (facts_that_matter), so the browser hides
// exactly the questions the server does not ask. Each tree is one rule's: the fact it
// reads, and a branch for each value the fact can take (`values`) or for each outcome
// of a comparison (`compare`, `than`: branch 0 is true, branch 1 false). An answered
// fact follows its own branch, an unanswered one every branch; every fact met matters.

const COMPARISONS = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
  "==": (a, b) => a === b,
  "!=": (a, b) => a !== b,
};

function follows(node, branch, answer) {
  if (node.compare) {
    const value = Number(answer);
    if (!Number.isFinite(value)) return true;
    return COMPARISONS[node.compare](value, Number(node.than)) === (branch === 0);
  }
  const value = node.values[branch];
  return typeof value === "boolean" ? value === answer : value === String(answer);
}

// The facts whose answer can change the verdict; null when a rule could not be explored
// (then every question matters).
export function factsThatMatter(trees, answers) {
  const found = new Set();
  const walk = (node) => {
    if (!node) return;
    found.add(node.fact);
    const answered = Object.hasOwn(answers, node.fact);
    const taken = answered
      ? node.branches.map((_, i) => i).filter((i) => follows(node, i, answers[node.fact]))
      : [];
    const ways = taken.length ? taken : node.branches.map((_, i) => i);
    for (const i of ways) walk(node.branches[i]);
  };
  for (const entry of trees) {
    if (entry.reads_everything) return null;
    walk(entry.tree);
  }
  return found;
}

// The questions among `askable` that cannot change the verdict (policies.relevance.questions_to_skip).
export function questionsToSkip(trees, answers, askable) {
  const matter = factsThatMatter(trees, answers);
  if (matter === null) return new Set();
  return new Set(askable.filter((name) => !matter.has(name)));
}
