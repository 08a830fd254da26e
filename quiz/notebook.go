package quiz

import (
	"encoding/json"
	"time"
)

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
	// Hold, when set, says why the key, explanation and citation are left
	// out for now and when they will be shown (KeyVisibility).
	Hold *KeyHold `json:"hold,omitempty"`
}

// MarshalJSON leaves the key's fields out of a held entry's question, so
// not even empty ones are sent.
func (e NotebookEntry) MarshalJSON() ([]byte, error) {
	type plain NotebookEntry
	if e.Hold == nil {
		return json.Marshal(plain(e))
	}
	q := e.Question
	return json.Marshal(struct {
		plain
		Question heldQuestion `json:"question"`
	}{plain(e), heldQuestion{ID: q.ID, Revision: q.Revision, Type: q.Type, Stem: q.Stem, Options: q.Options, Domains: q.Domains,
		Difficulty: q.Difficulty, Status: q.Status, Blanks: len(q.Answer.Blanks)}})
}

// heldQuestion is a question without its key, explanation and citation.
type heldQuestion struct {
	ID         int64    `json:"id"`
	Revision   int      `json:"revision"`
	Type       Type     `json:"type"`
	Stem       string   `json:"stem"`
	Options    []Option `json:"options,omitempty"`
	Domains    []Domain `json:"domains"`
	Difficulty int      `json:"difficulty"`
	Status     Status   `json:"status"`
	Blanks     int      `json:"blanks,omitempty"`
}

// NotebookFilter selects notebook entries.
type NotebookFilter struct {
	LawID           int64
	Domain          Domain
	IncludeMastered bool
}

// MasteredAfter is how many consecutive correct redos master an entry.
const MasteredAfter = 3
