// The quiz result and review, in English. Same keys as quizReview.zh-CN.ts.
export default {
  quizReview: {
    earned: '{score} / {points} pts',
    partial: 'Partly right',
    unanswered: 'Not answered',
    accepted: 'Accepted answers',
    blank: 'Blank {n}: ',
    rule: 'Multiple choice',
    rulePartial: 'Partial credit: with no wrong option chosen, you earn the share of the correct options you chose; any wrong option earns nothing.',
    ruleAll: 'Multiple choice scores only when exactly the right options are chosen.',
    partialCount: 'Partly right {n}',
    pendingVerdict: 'Awaiting grading',
    pendingNote: '{n} short answers still await a grader; the final score and pass or fail follow.',
    candidateAnswer: "Candidate's answer",
    loading: 'Loading…',
    scoreOf: 'Score {score} / {total}',
    domain: 'Domain',
  },
}
