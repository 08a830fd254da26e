package quiz

import "time"

// AttemptStatus is where an attempt stands.
type AttemptStatus string

const (
	AttemptOpen      AttemptStatus = "open"      // being answered
	AttemptSubmitted AttemptStatus = "submitted" // graded, maybe with short answers pending
	AttemptGraded    AttemptStatus = "graded"    // every item has a final mark
)

// Attempt is one sitting of a paper by one person. The deadline is fixed
// when it starts; the server, not the browser, decides when time is up.
type Attempt struct {
	ID          int64         `json:"id"`
	PaperID     int64         `json:"paperId"`
	UserID      int64         `json:"userId"`
	No          int           `json:"no"`
	Status      AttemptStatus `json:"status"`
	StartedAt   time.Time     `json:"startedAt"`
	Deadline    time.Time     `json:"deadline"`
	SubmittedAt *time.Time    `json:"submittedAt"`
	Score       float64       `json:"score"`
	Total       float64       `json:"total"`
	Items       []AttemptItem `json:"items"`
}

// AttemptItem is one question of an attempt, drawn and ordered when the
// attempt started, graded on the revision it was drawn at.
type AttemptItem struct {
	Seq         int       `json:"seq"`
	QuestionID  int64     `json:"questionId"`
	Revision    int       `json:"revision"`
	Points      float64   `json:"points"`
	OptionOrder []string  `json:"optionOrder,omitempty"`
	Response    *Response `json:"response"`
	Flagged     bool      `json:"flagged"`
	Score       *float64  `json:"score"`
	Correct     *bool     `json:"correct"`
	Pending     bool      `json:"pending"`
	// PartScores are the grader's scores of a case-analysis item's short
	// sub-questions, in their order; nil until graded (and for other items).
	PartScores []float64 `json:"-"`
	// Question is the revision the item was drawn at, filled on reads.
	Question Question `json:"-"`
}

// Save is one autosaved answer.
type Save struct {
	Seq      int       `json:"seq"`
	Response *Response `json:"response"`
	Flagged  *bool     `json:"flagged"`
}
