package judging

// Combine aggregates a panel's values by the aggregation's method (mean,
// trimmed mean, sum) exactly as sheets are aggregated; dropped marks the
// values a trimmed mean left out. Too few values for the trim is a
// fault.Conflict naming the numbers. Debates (quiz/debate) use it for
// team totals.
func Combine(a Aggregation, vals []Micro) (Value, []bool, error) { return combine(a, vals) }
