package quiz

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Sheet is what a candidate receives for an attempt. Before review is
// allowed it holds no key, explanation, citation or per-item marks.
type Sheet struct {
	ID          int64         `json:"id"`
	PaperID     int64         `json:"paperId"`
	Title       string        `json:"title"`
	No          int           `json:"no"`
	Status      AttemptStatus `json:"status"`
	StartedAt   time.Time     `json:"startedAt"`
	Deadline    time.Time     `json:"deadline"`
	SubmittedAt *time.Time    `json:"submittedAt,omitempty"`
	// Remaining is the server's count of seconds left, so a browser with a
	// wrong clock still shows the right countdown.
	Remaining int         `json:"remaining"`
	Total     float64     `json:"total"`
	Items     []SheetItem `json:"items"`
	// Result is set once the attempt is closed.
	Result *SheetResult `json:"result,omitempty"`
}

// SheetItem is one question of a sheet.
type SheetItem struct {
	Seq      int       `json:"seq"`
	Points   float64   `json:"points"`
	Question View      `json:"question"`
	Response *Response `json:"response"`
	Flagged  bool      `json:"flagged"`
	// Review is set only when the paper's review option allows it.
	Review *ItemReview `json:"review,omitempty"`
}

// ItemReview is the key and the mark of an item, for review.
type ItemReview struct {
	Answer      Answer   `json:"answer"`
	Explanation string   `json:"explanation"`
	Citation    Citation `json:"citation"`
	// Parts are a case-analysis question's sub-questions with their keys.
	Parts   []Part   `json:"parts,omitempty"`
	Score   *float64 `json:"score"`
	Correct *bool    `json:"correct"`
	Pending bool     `json:"pending"`
}

// SheetResult is the outcome of a closed attempt.
type SheetResult struct {
	Score      float64 `json:"score"`
	Total      float64 `json:"total"`
	PassMark   float64 `json:"passMark"`
	Passed     bool    `json:"passed"`
	Pending    int     `json:"pending"`
	Correct    int     `json:"correct"`
	Wrong      int     `json:"wrong"`
	Review     bool    `json:"review"`
	ByLaw      []Share `json:"byLaw"`
	ByDomain   []Share `json:"byDomain"`
	Unanswered int     `json:"unanswered"`
	// Partial counts answers that earned some but not all of their points
	// (a multiple choice partly right under MultiPartial, some blanks right).
	Partial int `json:"partial"`
	// MultiMode is the paper's rule for multiple choice, so the result page
	// can explain a partial score.
	MultiMode MultiMode `json:"multiMode"`
}

// Share is a score out of the points available, for one law or domain.
type Share struct {
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Score  float64 `json:"score"`
	Points float64 `json:"points"`
}

// Start opens an attempt of an assigned paper for the user, or returns the
// open one so a refresh resumes it. fault.NotFound when the paper is not
// assigned to the user; fault.Conflict when it is not open or no attempts
// are left.
func (s *Service) Start(ctx context.Context, userID, paperID int64) (Sheet, error) {
	ids, err := s.store.AssignedPapers(ctx, userID)
	if err != nil {
		return Sheet{}, err
	}
	if !slices.Contains(ids, paperID) {
		return Sheet{}, fault.NotFoundf("paper %d not found", paperID)
	}
	p, err := s.store.Paper(ctx, paperID)
	if err != nil {
		return Sheet{}, err
	}
	mine, err := s.closeExpired(ctx, paperID, userID)
	if err != nil {
		return Sheet{}, err
	}
	for _, a := range mine {
		if a.Status == AttemptOpen {
			return s.Sheet(ctx, userID, a.ID)
		}
	}
	now := s.clock()
	if p.ArchivedAt != nil {
		return Sheet{}, ErrPaperArchived
	}
	if !p.Open(now) {
		return Sheet{}, fault.Conflictf("this quiz is not open now")
	}
	if p.MaxAttempts > 0 && len(mine) >= p.MaxAttempts {
		return Sheet{}, fault.Conflictf("no attempts left")
	}
	items, err := s.drawPaper(ctx, p)
	if err != nil {
		return Sheet{}, err
	}
	a := Attempt{PaperID: paperID, UserID: userID, StartedAt: now, Deadline: deadline(p, now), Items: items}
	for _, it := range items {
		a.Total += it.Points
	}
	a.Total = round2(a.Total)
	a, err = s.store.CreateAttempt(ctx, a)
	if fault.Is(err, fault.Conflict) {
		// a second tab started one at the same moment: resume it
		mine, err2 := s.store.Attempts(ctx, paperID, userID)
		if err2 == nil {
			for _, x := range mine {
				if x.Status == AttemptOpen {
					return s.Sheet(ctx, userID, x.ID)
				}
			}
		}
	}
	if err != nil {
		return Sheet{}, err
	}
	return s.sheet(p, a, KeyVisibility{}), nil
}

// drawPaper builds an attempt's items: the fixed items, then each rule's
// draw, shuffled when the paper says so, with shuffled option orders.
func (s *Service) drawPaper(ctx context.Context, p Paper) ([]AttemptItem, error) {
	var items []AttemptItem
	taken := map[int64]bool{}
	if len(p.Items) > 0 {
		ids := make([]int64, len(p.Items))
		for i, it := range p.Items {
			ids[i] = it.QuestionID
			taken[it.QuestionID] = true
		}
		qs, _, err := s.store.Questions(ctx, QuestionFilter{IDs: ids})
		if err != nil {
			return nil, err
		}
		byID := map[int64]Question{}
		for _, q := range qs {
			byID[q.ID] = q
		}
		for _, it := range p.Items {
			q, ok := byID[it.QuestionID]
			if !ok {
				return nil, fault.Conflictf("a question of this paper was deleted")
			}
			items = append(items, AttemptItem{QuestionID: q.ID, Revision: q.Revision, Points: it.Points, Question: q})
		}
	}
	conflicts, err := s.leakConflicts(ctx)
	if err != nil {
		return nil, err
	}
	for i, r := range p.Rules {
		pool, err := s.pool(ctx, r)
		if err != nil {
			return nil, err
		}
		picked := s.pick(pool, taken, r.Count, conflicts)
		if len(picked) < r.Count {
			return nil, fault.Conflictf("rule %d of this paper can no longer draw %d questions", i+1, r.Count)
		}
		qs, _, err := s.store.Questions(ctx, QuestionFilter{IDs: picked})
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			items = append(items, AttemptItem{QuestionID: q.ID, Revision: q.Revision, Points: r.Points, Question: q})
		}
	}
	if p.ShuffleItems {
		perm := s.perm(len(items))
		shuffled := make([]AttemptItem, len(items))
		for i, j := range perm {
			shuffled[i] = items[j]
		}
		items = shuffled
	}
	for i := range items {
		items[i].Seq = i + 1
		if p.ShuffleOptions && len(items[i].Question.Options) > 1 {
			opts := items[i].Question.Options
			for _, j := range s.perm(len(opts)) {
				items[i].OptionOrder = append(items[i].OptionOrder, opts[j].Key)
			}
		}
	}
	return items, nil
}

// own loads an attempt of the user. Someone else's attempt is
// fault.NotFound, as if it did not exist.
func (s *Service) own(ctx context.Context, userID, attemptID int64) (Attempt, Paper, error) {
	a, err := s.store.Attempt(ctx, attemptID)
	if err != nil {
		return Attempt{}, Paper{}, err
	}
	if a.UserID != userID {
		return Attempt{}, Paper{}, fault.NotFoundf("attempt %d not found", attemptID)
	}
	p, err := s.store.Paper(ctx, a.PaperID)
	return a, p, err
}

// Sheet returns the user's attempt as the candidate sees it, closing it
// first when its deadline has passed.
func (s *Service) Sheet(ctx context.Context, userID, attemptID int64) (Sheet, error) {
	a, p, err := s.own(ctx, userID, attemptID)
	if err != nil {
		return Sheet{}, err
	}
	if a.Status == AttemptOpen && !s.clock().Before(a.Deadline) {
		if a, err = s.finish(ctx, a.ID); err != nil {
			return Sheet{}, err
		}
	}
	return s.closedSheet(ctx, p, a)
}

// closedSheet is sheet with the key visibility of the attempt's owner
// loaded when the attempt is closed (an open one shows no key anyway).
func (s *Service) closedSheet(ctx context.Context, p Paper, a Attempt) (Sheet, error) {
	var vis KeyVisibility
	if a.Status != AttemptOpen {
		var err error
		if vis, err = s.KeyVisibility(ctx, a.UserID); err != nil {
			return Sheet{}, err
		}
	}
	return s.sheet(p, a, vis), nil
}

// sheet shows an attempt; a closed attempt's items carry their key and
// mark where vis allows (an open attempt's never do).
func (s *Service) sheet(p Paper, a Attempt, vis KeyVisibility) Sheet {
	now := s.clock()
	sh := Sheet{ID: a.ID, PaperID: a.PaperID, Title: p.Title, No: a.No, Status: a.Status, StartedAt: a.StartedAt, Deadline: a.Deadline,
		SubmittedAt: a.SubmittedAt, Total: a.Total}
	if a.Status == AttemptOpen {
		sh.Remaining = max(0, int(a.Deadline.Sub(now).Seconds()))
	}
	review := a.Status != AttemptOpen && vis.holds != nil
	for _, it := range a.Items {
		review = review && vis.CanSeeKey(it.QuestionID)
	}
	for _, it := range a.Items {
		si := SheetItem{Seq: it.Seq, Points: it.Points, Question: it.Question.View(it.OptionOrder), Response: it.Response, Flagged: it.Flagged}
		if a.Status != AttemptOpen && vis.holds != nil && vis.CanSeeKey(it.QuestionID) {
			si.Review = &ItemReview{Answer: it.Question.Answer, Explanation: it.Question.Explanation, Citation: it.Question.Citation,
				Parts: it.Question.Parts, Score: it.Score, Correct: it.Correct, Pending: it.Pending}
		}
		sh.Items = append(sh.Items, si)
	}
	if a.Status != AttemptOpen {
		r := &SheetResult{Score: a.Score, Total: a.Total, PassMark: p.PassMark, Review: review, MultiMode: p.MultiMode}
		r.tally(a.Items)
		r.ByLaw, r.ByDomain = breakdown(a.Items)
		if !review {
			r.ByLaw = []Share{} // the laws are the items' citations
		}
		sh.Result = r
	}
	return sh
}

// breakdown sums scores and points per law and per domain.
func breakdown(items []AttemptItem) (byLaw, byDomain []Share) {
	byLaw, byDomain = []Share{}, []Share{} // lists, never null, in JSON
	lawIdx, domIdx := map[string]int{}, map[string]int{}
	add := func(list *[]Share, idx map[string]int, key, label string, score, points float64) {
		i, ok := idx[key]
		if !ok {
			i = len(*list)
			idx[key] = i
			*list = append(*list, Share{Key: key, Label: label})
		}
		(*list)[i].Score = round2((*list)[i].Score + score)
		(*list)[i].Points = round2((*list)[i].Points + points)
	}
	for _, it := range items {
		sc := 0.0
		if it.Score != nil {
			sc = *it.Score
		}
		c := it.Question.Citation
		if c.LawID != 0 {
			add(&byLaw, lawIdx, fmt.Sprint(c.LawID), c.LawName, sc, it.Points)
		}
		for _, d := range it.Question.Domains {
			add(&byDomain, domIdx, string(d), DomainNames[d], sc, it.Points)
		}
	}
	return byLaw, byDomain
}

// Save autosaves answers and flags. Late saves are refused with
// fault.Conflict and the attempt is closed with what was saved before.
func (s *Service) Save(ctx context.Context, userID, attemptID int64, saves []Save) (Sheet, error) {
	if err := checkSaves(saves); err != nil {
		return Sheet{}, err
	}
	a, err := s.store.AttemptHead(ctx, attemptID)
	if err != nil {
		return Sheet{}, err
	}
	if a.UserID != userID {
		return Sheet{}, fault.NotFoundf("attempt %d not found", attemptID)
	}
	if len(saves) > 200 {
		return Sheet{}, fault.InvalidField("answers", "too many answers at once")
	}
	now := s.clock()
	if a.Status == AttemptOpen && !now.Before(a.Deadline) {
		if _, err := s.finish(ctx, a.ID); err != nil {
			return Sheet{}, err
		}
		return Sheet{}, fault.Conflictf("time is up; answers can no longer be changed")
	}
	if err := s.store.SaveAnswers(ctx, attemptID, saves, now); err != nil {
		return Sheet{}, err
	}
	return Sheet{ID: a.ID, Status: AttemptOpen, Deadline: a.Deadline, Remaining: max(0, int(a.Deadline.Sub(now).Seconds()))}, nil
}

// checkSaves refuses answers with more sub-question answers than a
// case-analysis question can have.
func checkSaves(saves []Save) error {
	f := fault.Fields{}
	for i, sv := range saves {
		f.Check(sv.Response != nil && len(sv.Response.Parts) > MaxParts, fmt.Sprintf("answers[%d].response.parts", i), fmt.Sprintf("at most %d sub-question answers", MaxParts))
	}
	return f.Err()
}

// Submit saves the final answers, grades and closes the attempt. A second
// submit returns the first result. After the deadline the attempt is
// closed with what was saved in time, and a submit that still carries
// answers or finds the attempt open gets fault.Conflict saying so.
func (s *Service) Submit(ctx context.Context, userID, attemptID int64, saves []Save) (Sheet, error) {
	if err := checkSaves(saves); err != nil {
		return Sheet{}, err
	}
	a, p, err := s.own(ctx, userID, attemptID)
	if err != nil {
		return Sheet{}, err
	}
	late := !s.clock().Before(a.Deadline)
	if a.Status != AttemptOpen {
		if late && len(saves) > 0 {
			// closed at the deadline; the answers sent now came too late
			return Sheet{}, fault.Conflictf("time is up; the answers saved before the deadline were submitted")
		}
		return s.closedSheet(ctx, p, a)
	}
	if late {
		if _, err := s.finish(ctx, a.ID); err != nil {
			return Sheet{}, err
		}
		return Sheet{}, fault.Conflictf("time is up; the answers saved before the deadline were submitted")
	}
	if len(saves) > 0 {
		if err := s.store.SaveAnswers(ctx, attemptID, saves, s.clock()); err != nil {
			return Sheet{}, err
		}
		if a, err = s.store.Attempt(ctx, attemptID); err != nil {
			return Sheet{}, err
		}
	}
	done, err := s.finishAttempt(ctx, a, p)
	if err != nil {
		return Sheet{}, err
	}
	return s.closedSheet(ctx, p, done)
}

// finish grades an open attempt on its saved answers, closes it and feeds
// the notebook. An attempt closed meanwhile is returned as it is.
func (s *Service) finish(ctx context.Context, attemptID int64) (Attempt, error) {
	a, err := s.store.Attempt(ctx, attemptID)
	if err != nil {
		return Attempt{}, err
	}
	if a.Status != AttemptOpen {
		return a, nil
	}
	p, err := s.store.Paper(ctx, a.PaperID)
	if err != nil {
		return Attempt{}, err
	}
	return s.finishAttempt(ctx, a, p)
}

// finishAttempt grades a loaded open attempt and closes it.
func (s *Service) finishAttempt(ctx context.Context, a Attempt, p Paper) (Attempt, error) {
	now := s.clock()
	a.SubmittedAt = &now
	a.Score = 0
	a.Status = AttemptGraded
	for i := range a.Items {
		it := &a.Items[i]
		var r Response
		if it.Response != nil {
			r = *it.Response
		}
		m := Grade(it.Question, r, it.Points, p.MultiMode)
		sc, ok := m.Score, m.Correct
		it.Score, it.Correct, it.Pending = &sc, &ok, m.Pending
		if m.Pending {
			it.Correct = nil
			a.Status = AttemptSubmitted
		}
		a.Score += sc
	}
	a.Score = round2(a.Score)
	done, changed, err := s.store.Finish(ctx, a)
	if err != nil {
		return Attempt{}, err
	}
	if changed {
		var results []Result
		for _, it := range done.Items {
			if it.Pending || it.Correct == nil {
				continue
			}
			var r Response
			if it.Response != nil {
				r = *it.Response
			}
			results = append(results, Result{UserID: a.UserID, QuestionID: it.QuestionID, Correct: *it.Correct, Source: SourceQuiz, Response: r, At: now})
		}
		if err := s.store.RecordResults(ctx, results, s.scheduling()); err != nil {
			return Attempt{}, err
		}
	}
	return done, nil
}

// PendingItems lists short answers waiting for a person's mark.
func (s *Service) PendingItems(ctx context.Context) ([]PendingItem, error) {
	return s.store.PendingItems(ctx)
}

// MarkItem records an organizer's mark for a pending item. A case-analysis
// item is marked by the scores of its short parts (parts, in order); its
// choice parts keep their automatic marks.
func (s *Service) MarkItem(ctx context.Context, attemptID int64, seq int, score float64, parts []float64) (Attempt, error) {
	a, err := s.store.Attempt(ctx, attemptID)
	if err != nil {
		return Attempt{}, err
	}
	var it *AttemptItem
	for i := range a.Items {
		if a.Items[i].Seq == seq {
			it = &a.Items[i]
		}
	}
	if it == nil {
		return Attempt{}, fault.NotFoundf("no such submitted item")
	}
	var r Response
	if it.Response != nil {
		r = *it.Response
	}
	switch {
	case it.Question.Type == TypeCase:
		p, err := s.store.Paper(ctx, a.PaperID)
		if err != nil {
			return Attempt{}, err
		}
		if score, err = CaseScore(it.Question, r, it.Points, p.MultiMode, parts); err != nil {
			return Attempt{}, err
		}
	case parts != nil:
		return Attempt{}, fault.InvalidField("parts", "only case-analysis questions have sub-questions")
	}
	if score < 0 || score > it.Points {
		return Attempt{}, fault.InvalidField("score", fmt.Sprintf("must be between 0 and %g", it.Points))
	}
	var shortScores []float64
	if it.Question.Type == TypeCase {
		shortScores = append([]float64{}, parts...)
	}
	done, err := s.store.SetItemMark(ctx, attemptID, seq, round2(score), shortScores, s.clock())
	if err != nil {
		return Attempt{}, err
	}
	err = s.store.RecordResult(ctx, Result{UserID: a.UserID, QuestionID: it.QuestionID, Correct: score >= it.Points, Source: SourceQuiz, Response: r, At: s.clock()}, s.scheduling())
	return done, err
}

// Attempt returns any attempt (for organizers).
func (s *Service) Attempt(ctx context.Context, id int64) (Attempt, error) {
	return s.store.Attempt(ctx, id)
}

// RecordResult feeds one graded answer to the wrong-answer notebook. Live
// contests call it for their wrong answers.
func (s *Service) RecordResult(ctx context.Context, r Result) error {
	if r.At.IsZero() {
		r.At = s.clock()
	}
	return s.store.RecordResult(ctx, r, s.scheduling())
}
