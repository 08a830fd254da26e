package quiz

import "time"

// Source says where an answer was given.
type Source string

const (
	SourceQuiz     Source = "quiz"
	SourcePractice Source = "practice"
	SourceContest  Source = "contest"
)

// Result is one graded answer of a person, fed to the wrong-answer notebook.
type Result struct {
	UserID     int64     `json:"userId"`
	QuestionID int64     `json:"questionId"`
	Correct    bool      `json:"correct"`
	Source     Source    `json:"source"`
	Response   Response  `json:"response"`
	At         time.Time `json:"at"`
}

// NotebookEntry is a question a person got wrong (错题本).
type NotebookEntry struct {
	Question     Question  `json:"question"`
	WrongCount   int       `json:"wrongCount"`
	Streak       int       `json:"streak"` // consecutive correct redos
	Mastered     bool      `json:"mastered"`
	LastSource   Source    `json:"lastSource"`
	LastResponse Response  `json:"lastResponse"`
	LastWrongAt  time.Time `json:"lastWrongAt"`
}

// NotebookFilter selects notebook entries.
type NotebookFilter struct {
	LawID           int64
	Domain          Domain
	IncludeMastered bool
}

// MasteredAfter is how many consecutive correct redos master an entry.
const MasteredAfter = 3
