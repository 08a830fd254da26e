// Chinese messages of the courses feature; courses.en.ts must have the same keys.
export default {
  courses: {
    title: '培训',
  },
}
