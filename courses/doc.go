// Package courses owns the training programme: the year's programme and
// phases, classes (培训班), batches (期), sessions (课次), enrolment with
// capacity and waitlists, clash detection, attendance with rotating-QR
// check-in, training hours, certificates and calendar feeds. It imports only
// the standard library, quiz (for domains and post-class quizzes) and the
// pure foundation packages.
package courses
