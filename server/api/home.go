package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/account"
)

// homeReply is the caller's home page: their own "today" and, for
// organizers and admins, what waits for them. Each list is short; every
// card on the page links to the full page.
type homeReply struct {
	courses.Today
	Quizzes []homeQuiz `json:"quizzes"`
	// the wrong-answer notebook: open entries, those of them due for review
	// today (FSRS schedule), and the first few
	NotebookOpen     int            `json:"notebookOpen"`
	NotebookDueToday int            `json:"notebookDueToday"`
	Notebook         []homeNote     `json:"notebook"`
	Contests         []homeContest  `json:"contests"`
	Organizer        *organizerHome `json:"organizer,omitempty"`
}

type homeQuiz struct {
	PaperID     int64      `json:"paperId"`
	Title       string     `json:"title"`
	ClosesAt    *time.Time `json:"closesAt"`
	Attempts    int        `json:"attempts"`
	MaxAttempts int        `json:"maxAttempts"`
	OpenAttempt int64      `json:"openAttempt,omitempty"`
}

// homeNote is a notebook entry without its key: the stem only.
type homeNote struct {
	QuestionID int64  `json:"questionId"`
	Stem       string `json:"stem"`
	WrongCount int    `json:"wrongCount"`
}

type homeContest struct {
	contestSummary
	Phase contest.Phase `json:"phase"`
}

type organizerHome struct {
	SessionsToday []courses.Session `json:"sessionsToday"`
	ToGrade       int               `json:"toGrade"`
	GradePapers   []gradePaper      `json:"gradePapers"`
	Imports       []quiz.Job        `json:"imports"`
	Hosting       []homeContest     `json:"hosting"`
}

type gradePaper struct {
	PaperID int64  `json:"paperId"`
	Title   string `json:"title"`
	Items   int    `json:"items"`
}

const homeListLen = 5

// myHome aggregates the caller's home page. Everything is the caller's
// own (their sessions, quizzes, notebook, contests they may join); the
// organizer part follows the same rules as the organizer pages.
func (s *server) myHome(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u := currentUser(c)
	now := s.Courses.Now()
	today, err := s.Courses.Today(ctx, u.ID, homeListLen)
	if err != nil {
		return err
	}
	out := homeReply{Today: today, Quizzes: []homeQuiz{}, Notebook: []homeNote{}, Contests: []homeContest{}}

	papers, err := s.Quiz.MyPapers(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, p := range papers {
		left := p.Paper.MaxAttempts == 0 || p.Attempts < p.Paper.MaxAttempts
		if !p.Paper.Open(now) || p.Passed || (!left && p.OpenAttempt == 0) {
			continue
		}
		out.Quizzes = append(out.Quizzes, homeQuiz{PaperID: p.Paper.ID, Title: p.Paper.Title, ClosesAt: p.Paper.ClosesAt,
			Attempts: p.Attempts, MaxAttempts: p.Paper.MaxAttempts, OpenAttempt: p.OpenAttempt})
	}
	sortQuizzesByDeadline(out.Quizzes)

	notes, err := s.Quiz.Notebook(ctx, u.ID, quiz.NotebookFilter{})
	if err != nil {
		return err
	}
	out.NotebookOpen = len(notes)
	for _, e := range notes {
		if e.DueToday {
			out.NotebookDueToday++
		}
	}
	for _, e := range notes[:min(len(notes), 3)] {
		out.Notebook = append(out.Notebook, homeNote{QuestionID: e.Question.ID, Stem: e.Question.Stem, WrongCount: e.WrongCount})
	}

	all, err := s.Contests.List(ctx, contest.Filter{})
	if err != nil {
		return err
	}
	a := actorOf(u)
	organizer := u.Has(account.RoleOrganizer) || u.Has(account.RoleAdmin)
	var hosting []homeContest
	for _, x := range all {
		sum := summarize(x, a)
		if x.Status != contest.StatusPublished {
			if organizer && sum.CanHost && len(hosting) < homeListLen {
				hosting = append(hosting, homeContest{contestSummary: sum, Phase: contest.PhaseLobby})
			}
			continue
		}
		if !sum.IsPlayer && !(organizer && sum.CanHost) {
			continue
		}
		var phase contest.Phase
		if err := s.Contests.ViewCached(ctx, x.ID, func(_ contest.Contest, g *contest.Game) error { phase = g.Phase; return nil }); err != nil {
			return err
		}
		if phase == contest.PhaseFinished {
			continue
		}
		hc := homeContest{contestSummary: sum, Phase: phase}
		if sum.IsPlayer && len(out.Contests) < homeListLen {
			out.Contests = append(out.Contests, hc)
		}
		if organizer && sum.CanHost && len(hosting) < homeListLen {
			hosting = append(hosting, hc)
		}
	}

	if organizer {
		o := &organizerHome{GradePapers: []gradePaper{}, Hosting: []homeContest{}, Imports: s.Quiz.ImportJobs().Running(u.ID)}
		if hosting != nil {
			o.Hosting = hosting
		}
		if o.SessionsToday, err = s.Courses.SessionsOn(ctx, u, now); err != nil {
			return err
		}
		pending, err := s.Quiz.PendingItems(ctx)
		if err != nil {
			return err
		}
		o.ToGrade = len(pending)
		idx := map[int64]int{}
		for _, p := range pending {
			i, ok := idx[p.PaperID]
			if !ok {
				i = len(o.GradePapers)
				idx[p.PaperID] = i
				o.GradePapers = append(o.GradePapers, gradePaper{PaperID: p.PaperID, Title: p.PaperTitle})
			}
			o.GradePapers[i].Items++
		}
		out.Organizer = o
	}
	return c.JSON(out)
}

// sortQuizzesByDeadline puts the nearest deadline first; no deadline last.
func sortQuizzesByDeadline(qs []homeQuiz) {
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && before(qs[j].ClosesAt, qs[j-1].ClosesAt); j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}

func before(a, b *time.Time) bool {
	switch {
	case a == nil:
		return false
	case b == nil:
		return true
	}
	return a.Before(*b)
}
