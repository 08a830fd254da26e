package contest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Entry is one stored action of a contest's log with what it did.
type Entry struct {
	Seq     int64     `json:"seq"`
	Action  Action    `json:"action"`
	Outcome Outcome   `json:"outcome"`
	At      time.Time `json:"at"`
}

// Filter selects contests.
type Filter struct {
	Status Status
	Limit  int
}

// Store keeps contests and their logs. It is implemented by
// server/sqlstore.
type Store interface {
	// CreateContest stores c and returns it with its ID set.
	CreateContest(ctx context.Context, c Contest) (Contest, error)
	// Contest returns a contest, or a fault.NotFound error.
	Contest(ctx context.Context, id int64) (Contest, error)
	// Contests lists contests, newest first.
	Contests(ctx context.Context, f Filter) ([]Contest, error)
	// UpdateContest replaces title, status, config and updated time of an
	// existing contest; fault.NotFound if it does not exist.
	UpdateContest(ctx context.Context, c Contest) error
	// Append stores e as entry e.Seq of the contest's log, with its score
	// changes, in one transaction. It returns a fault.Conflict error if that
	// sequence is taken (another instance appended first) or the action's
	// ClientID was already used in this contest; nothing is written then.
	Append(ctx context.Context, contestID int64, e Entry) error
	// Log returns the entries after sequence after, in order.
	Log(ctx context.Context, contestID, after int64) ([]Entry, error)
}

// QuestionSource snapshots bank questions for a draw. The server wires it
// to the question bank; a nil source leaves only inline questions.
type QuestionSource interface {
	// Draw returns the questions the draw names, as snapshots. It returns a
	// fault.Invalid error when the bank cannot satisfy the draw.
	Draw(ctx context.Context, d Draw) ([]Question, error)
}

// Actor is the user behind an action, as the edge authenticated them.
type Actor struct {
	UserID int64
	Name   string
	Admin  bool
}

// Service runs contests. Actions on one contest are serialised in this
// process; across processes the log's sequence numbers serialise them (an
// Append that loses the race replays the winner and retries).
type Service struct {
	store Store
	src   QuestionSource
	now   func() time.Time

	mu    sync.Mutex
	games map[int64]*running
}

type running struct {
	mu      sync.Mutex
	contest Contest
	game    *Game
}

// NewService returns a service. src may be nil.
func NewService(store Store, src QuestionSource, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, src: src, now: now, games: map[int64]*running{}}
}

// SetQuestionSource wires the question bank after construction.
func (s *Service) SetQuestionSource(src QuestionSource) { s.src = src }

// Create stores a draft contest hosted by the actor.
func (s *Service) Create(ctx context.Context, actor Actor, n NewContest) (Contest, error) {
	n.Title = strings.TrimSpace(n.Title)
	if n.Title == "" || len([]rune(n.Title)) > 100 {
		return Contest{}, &fault.Error{Code: fault.Invalid, Message: "the contest is not valid", Fields: map[string]string{"title": "1 to 100 characters"}}
	}
	n.Config.Normalize()
	if err := n.Config.Validate(false); err != nil {
		return Contest{}, err
	}
	now := s.now().UTC()
	c, err := s.store.CreateContest(ctx, Contest{Title: n.Title, Status: StatusDraft, HostID: actor.UserID, Config: n.Config, CreatedAt: now, UpdatedAt: now})
	if err != nil {
		return Contest{}, fmt.Errorf("create contest: %w", err)
	}
	return c, nil
}

// Get returns a contest.
func (s *Service) Get(ctx context.Context, id int64) (Contest, error) {
	return s.store.Contest(ctx, id)
}

// List lists contests.
func (s *Service) List(ctx context.Context, f Filter) ([]Contest, error) {
	return s.store.Contests(ctx, f)
}

// CanHost reports whether actor may run c.
func CanHost(c Contest, a Actor) bool { return a.Admin || c.HostID == a.UserID }

// Publish snapshots the draws' questions into the rounds and freezes the
// contest. Only its host (or an admin) may publish; a published contest
// cannot be published again.
func (s *Service) Publish(ctx context.Context, actor Actor, id int64) (Contest, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return Contest{}, err
	}
	if !CanHost(c, actor) {
		return Contest{}, fault.Errorf(fault.Forbidden, "only the host may publish the contest")
	}
	if c.Status != StatusDraft {
		return Contest{}, fault.Conflictf("the contest is already published")
	}
	for i := range c.Config.Rounds {
		r := &c.Config.Rounds[i]
		if r.Draw == nil {
			continue
		}
		if s.src == nil {
			return Contest{}, &fault.Error{Code: fault.Invalid, Message: "the question bank is not available", Fields: map[string]string{fmt.Sprintf("config.rounds[%d].draw", i): "the question bank is not available"}}
		}
		drawn, err := s.src.Draw(ctx, *r.Draw)
		if err != nil {
			return Contest{}, err
		}
		r.Questions = append(r.Questions, drawn...)
		r.Draw = nil
	}
	c.Config.Normalize()
	if err := c.Config.Validate(true); err != nil {
		return Contest{}, err
	}
	c.Status = StatusPublished
	c.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateContest(ctx, c); err != nil {
		return Contest{}, fmt.Errorf("publish contest: %w", err)
	}
	return c, nil
}

// Result is what Act did.
type Result struct {
	Entry Entry
	// Duplicate is set when the action's ClientID was seen before: Entry is
	// then the earlier one and nothing was written.
	Duplicate bool
}

// ErrNotPublished is returned for actions on a draft.
var ErrNotPublished = fault.Conflictf("the contest is not published yet")

// Act stamps a with the server time (unless set), validates it against
// the game and, when accepted, stores it before returning. Refusals are
// *fault.Error values and change nothing.
func (s *Service) Act(ctx context.Context, contestID int64, actor Actor, a Action) (Result, error) {
	r, err := s.running(ctx, contestID)
	if err != nil {
		return Result{}, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	a.UserID = actor.UserID
	a.Host = CanHost(r.contest, actor)
	if a.At == 0 {
		a.At = s.now().UnixMilli()
	}
	if a.Type == ActJoin && a.Name == "" {
		a.Name = actor.Name
	}
	for attempt := 0; ; attempt++ {
		if err := s.catchUp(ctx, contestID, r); err != nil {
			return Result{}, err
		}
		if a.ClientID != "" {
			if seq, ok := r.game.SeenClientID(a.ClientID); ok {
				entries, err := s.store.Log(ctx, contestID, seq-1)
				if err != nil || len(entries) == 0 {
					return Result{}, fmt.Errorf("contest %d: duplicate lookup: %w", contestID, err)
				}
				return Result{Entry: entries[0], Duplicate: true}, nil
			}
		}
		seq := r.game.Seq + 1
		out, err := r.game.Apply(seq, a)
		if err != nil {
			return Result{}, err
		}
		e := Entry{Seq: seq, Action: a, Outcome: out, At: time.UnixMilli(a.At).UTC()}
		err = s.store.Append(ctx, contestID, e)
		if err == nil {
			return Result{Entry: e}, nil
		}
		// The game applied an action that was not stored: rebuild it.
		r.game = NewGame(r.contest.Config)
		if fault.Code(err) != fault.Conflict || attempt >= 5 {
			return Result{}, fmt.Errorf("contest %d: append: %w", contestID, err)
		}
	}
}

// catchUp applies log entries this process has not seen (written by
// another instance, or before a restart).
func (s *Service) catchUp(ctx context.Context, contestID int64, r *running) error {
	entries, err := s.store.Log(ctx, contestID, r.game.Seq)
	if err != nil {
		return fmt.Errorf("contest %d: read log: %w", contestID, err)
	}
	for _, e := range entries {
		if _, err := r.game.Apply(e.Seq, e.Action); err != nil {
			return fmt.Errorf("contest %d: replay entry %d: %w", contestID, e.Seq, err)
		}
	}
	return nil
}

func (s *Service) running(ctx context.Context, id int64) (*running, error) {
	s.mu.Lock()
	r, ok := s.games[id]
	s.mu.Unlock()
	if ok {
		return r, nil
	}
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Status != StatusPublished {
		return nil, ErrNotPublished
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.games[id]; ok {
		return r, nil
	}
	r = &running{contest: c, game: NewGame(c.Config)}
	s.games[id] = r
	return r, nil
}

// View runs fn with the contest's game brought up to date with the log.
// fn must not keep the game.
func (s *Service) View(ctx context.Context, contestID int64, fn func(c Contest, g *Game) error) error {
	r, err := s.running(ctx, contestID)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := s.catchUp(ctx, contestID, r); err != nil {
		return err
	}
	return fn(r.contest, r.game)
}

// ViewCached is View without reading the log: for frequent reads (the
// leaderboard ticker) that tolerate missing the latest entries.
func (s *Service) ViewCached(ctx context.Context, contestID int64, fn func(c Contest, g *Game) error) error {
	r, err := s.running(ctx, contestID)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return fn(r.contest, r.game)
}

// Timeline returns the whole log for the arbitration view (host only).
func (s *Service) Timeline(ctx context.Context, actor Actor, contestID int64) (Contest, []Entry, error) {
	c, err := s.store.Contest(ctx, contestID)
	if err != nil {
		return Contest{}, nil, err
	}
	if !CanHost(c, actor) {
		return Contest{}, nil, fault.Errorf(fault.Forbidden, "only the host and arbitrators see the timeline")
	}
	entries, err := s.store.Log(ctx, contestID, 0)
	if err != nil {
		return Contest{}, nil, err
	}
	return c, entries, nil
}

// IsRefusal reports whether err is a refusal a client should be told
// about (as opposed to an internal failure).
func IsRefusal(err error) bool {
	var fe *fault.Error
	return errors.As(err, &fe) && fe.Code != fault.Internal
}
