package quiz

// tally counts the items of a closed attempt. Each item falls in exactly
// one bucket, so Correct+Partial+Wrong+Unanswered+Pending is the paper's
// question count: an empty response is unanswered (not also wrong), a
// short answer awaiting a mark is pending, an answer that earned some but
// not all of its points is partial. While any item is pending the verdict
// is not known, so Passed stays false and the page shows 待评分.
func (r *SheetResult) tally(items []AttemptItem) {
	r.Correct, r.Partial, r.Wrong, r.Unanswered, r.Pending = 0, 0, 0, 0, 0
	for _, it := range items {
		switch {
		case it.Pending:
			r.Pending++
		case it.Response == nil || it.Response.Empty():
			r.Unanswered++
		case it.Correct != nil && *it.Correct:
			r.Correct++
		case it.Score != nil && *it.Score > 0:
			r.Partial++
		default:
			r.Wrong++
		}
	}
	r.Passed = r.Pending == 0 && r.Score >= r.PassMark
}
