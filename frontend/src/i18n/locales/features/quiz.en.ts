import type zh from './quiz.zh-CN'

// English messages of the quiz feature.
const en: typeof zh = {
  quiz: {
    title: 'Banks and quizzes',
  },
}

export default en
