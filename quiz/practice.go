package quiz

import (
	"context"
	"slices"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// PracticeFilter picks practice questions: by law, domain or bank; in
// random or sequential (by ID, after After) order.
type PracticeFilter struct {
	LawID  int64  `json:"lawId"`
	Domain Domain `json:"domain"`
	BankID int64  `json:"bankId"`
	Random bool   `json:"random"`
	After  int64  `json:"after"`
}

// PracticeQuestion is the next question to practise, without its key.
type PracticeQuestion struct {
	Question View `json:"question"`
	// Position and Count place a sequential question in its set (1-based).
	Position int `json:"position"`
	Count    int `json:"count"`
}

// NextPractice returns the next active question for the user to practise,
// leaving out the questions whose keys are held for them (KeyVisibility).
// fault.NotFound when none matches.
func (s *Service) NextPractice(ctx context.Context, userID int64, f PracticeFilter) (PracticeQuestion, error) {
	if f.Domain != "" && !f.Domain.Valid() {
		return PracticeQuestion{}, fault.InvalidField("domain", "is not a known domain")
	}
	pool, err := s.pool(ctx, DrawRule{LawID: f.LawID, Domain: f.Domain, BankID: f.BankID})
	if err != nil {
		return PracticeQuestion{}, err
	}
	vis, err := s.KeyVisibility(ctx, userID)
	if err != nil {
		return PracticeQuestion{}, err
	}
	if held := vis.Held(); len(held) > 0 {
		pool = slices.DeleteFunc(slices.Clone(pool), func(id int64) bool { _, found := slices.BinarySearch(held, id); return found })
	}
	if len(pool) == 0 {
		return PracticeQuestion{}, fault.NotFoundf("no questions match")
	}
	i := 0
	if f.Random {
		i = s.partialPerm(len(pool), 1)[0]
	} else {
		i, _ = slices.BinarySearch(pool, f.After+1)
		if i >= len(pool) {
			i = 0 // wrap around
		}
	}
	q, err := s.store.Question(ctx, pool[i])
	if err != nil {
		return PracticeQuestion{}, err
	}
	return PracticeQuestion{Question: q.View(nil), Position: i + 1, Count: len(pool)}, nil
}

// Feedback is the immediate answer to a practice or redo.
type Feedback struct {
	Mark        Mark     `json:"mark"`
	Answer      Answer   `json:"answer"`
	Explanation string   `json:"explanation"`
	Citation    Citation `json:"citation"`
	// Parts and PartMarks are a case-analysis question's sub-questions
	// with their keys, and the mark of each.
	Parts     []Part     `json:"parts,omitempty"`
	PartMarks []PartMark `json:"partMarks,omitempty"`
	// Mastered is set when this answer mastered a notebook entry.
	Mastered bool `json:"mastered"`
}

// Practise grades an answer to a practice or notebook question, feeds the
// notebook and returns the key with its citation. A question whose key is
// held for the user (in an open attempt of theirs, or in a paper whose
// review time has not come for them) is fault.Conflict, with the KeyHold
// as details and the reason on the "questionId" field.
func (s *Service) Practise(ctx context.Context, userID, questionID int64, r Response) (Feedback, error) {
	q, err := s.store.Question(ctx, questionID)
	if err != nil {
		return Feedback{}, err
	}
	if q.Status == StatusDraft || q.Status == StatusRetired {
		return Feedback{}, fault.NotFoundf("question %d not found", questionID)
	}
	vis, err := s.KeyVisibility(ctx, userID)
	if err != nil {
		return Feedback{}, err
	}
	if h, held := vis.Hold(questionID); held {
		return Feedback{}, heldError(h)
	}
	m := Grade(q, r, 1, MultiAllOrNothing)
	fb := Feedback{Mark: m, Answer: q.Answer, Explanation: q.Explanation, Citation: q.Citation, Parts: q.Parts}
	if q.Type == TypeCase {
		fb.PartMarks = GradeParts(q, r, 1, MultiAllOrNothing)
	}
	// a short answer waits for nobody in practice: it is not judged, unless
	// a case's choice sub-answer is already wrong (then the case is)
	if m.Pending && !wrongChoicePart(fb.PartMarks) {
		return fb, nil
	}
	now := s.clock()
	before, err := s.store.Notebook(ctx, userID, NotebookFilter{IncludeMastered: true})
	if err != nil {
		return Feedback{}, err
	}
	if err := s.store.RecordResult(ctx, Result{UserID: userID, QuestionID: q.ID, Correct: m.Correct, Source: SourcePractice, Response: r, At: now}, s.scheduling()); err != nil {
		return Feedback{}, err
	}
	if m.Correct {
		sched := s.scheduling()
		for _, e := range before {
			if e.Question.ID == q.ID && !e.Mastered && sched.Mastered(sched.Schedule(e.Card, Good, now)) {
				fb.Mastered = true
			}
		}
	}
	return fb, nil
}

// Notebook returns a user's wrong-answer notebook. Entries carry their
// questions with keys, except those whose keys are held for the user: they
// carry the KeyHold instead, and no key, explanation or citation.
func (s *Service) Notebook(ctx context.Context, userID int64, f NotebookFilter) ([]NotebookEntry, error) {
	endOfDay := EndOfDay(s.clock())
	if f.DueToday {
		f.DueBy = &endOfDay
	}
	es, err := s.store.Notebook(ctx, userID, f)
	if err != nil {
		return nil, err
	}
	vis, err := s.KeyVisibility(ctx, userID)
	if err != nil {
		return nil, err
	}
	for i := range es {
		es[i].DueToday = !es[i].Mastered && (es[i].Card.Due == nil || es[i].Card.Due.Before(endOfDay))
		if h, held := vis.Hold(es[i].Question.ID); held {
			es[i].Hold = &h
			blanks := make([][]string, len(es[i].Question.Answer.Blanks)) // how many, not what
			es[i].Question.Answer, es[i].Question.Explanation, es[i].Question.Citation = Answer{Blanks: blanks}, "", Citation{}
		}
	}
	return es, nil
}

// NotebookDue is what the home page shows of the notebook.
type NotebookDue struct {
	DueToday int `json:"dueToday"`
	Open     int `json:"open"` // entries not yet mastered
	// MasterDays is the mastery rule in force: an entry is mastered once
	// its interval passes this many days (Scheduling.MasterDays).
	MasterDays int `json:"masterDays"`
}

// NotebookDueCount counts a user's entries due today and not mastered.
func (s *Service) NotebookDueCount(ctx context.Context, userID int64) (NotebookDue, error) {
	es, err := s.Notebook(ctx, userID, NotebookFilter{})
	if err != nil {
		return NotebookDue{}, err
	}
	d := NotebookDue{Open: len(es), MasterDays: s.scheduling().MasterDays}
	for _, e := range es {
		if e.DueToday {
			d.DueToday++
		}
	}
	return d, nil
}

// EndOfDay is the start of the next day in at's location.
func EndOfDay(at time.Time) time.Time {
	y, m, d := at.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, at.Location())
}

// Held messages, keys of the translations at the edge.
var heldMessages = map[KeyReason]string{
	HeldOpenAttempt: "this question is in a quiz you are taking; practise it after you submit",
	HeldUntilDone:   "this question is in a quiz assigned to you; practise it after you have taken the quiz",
	HeldAfterClose:  "this question is in a quiz whose key is shown after it closes",
	HeldNever:       "this question is in a quiz whose key is not shown",
}

func heldError(h KeyHold) error {
	msg := heldMessages[h.Reason]
	return &fault.Error{Code: fault.Conflict, Message: msg, Fields: map[string]string{"questionId": msg}, Details: h}
}

// SetMastered marks or unmarks a notebook entry by hand.
func (s *Service) SetMastered(ctx context.Context, userID, questionID int64, mastered bool) error {
	return s.store.SetMastered(ctx, userID, questionID, mastered, s.clock())
}

// wrongChoicePart reports whether a marked (not pending) part missed its key.
func wrongChoicePart(ms []PartMark) bool {
	for _, m := range ms {
		if !m.Pending && !m.Correct {
			return true
		}
	}
	return false
}
