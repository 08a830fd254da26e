// Chinese messages of the quiz feature; quiz.en.ts must have the same keys.
export default {
  quiz: {
    title: '题库与测验',
  },
}
