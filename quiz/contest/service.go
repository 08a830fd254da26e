package contest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/weishi-dev/weishi/server/fault"
	"github.com/weishi-dev/weishi/server/safe"
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
	// UpdateContest replaces title, status, config and updated time of a
	// contest that is still a draft in the store; fault.NotFound if it does
	// not exist, fault.Conflict if it is no longer a draft (a concurrent
	// publication won) — nothing is written then.
	UpdateContest(ctx context.Context, c Contest) error
	// Append stores entries (consecutive sequence numbers) in the
	// contest's log, with their score changes, in one transaction. It
	// returns a fault.Conflict error if a sequence is taken (another
	// instance appended first) or an action's ClientID was already used in
	// this contest; nothing is written then.
	Append(ctx context.Context, contestID int64, entries ...Entry) error
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

// Notebook receives device answers to bank questions, for each player's
// wrong-answer notebook (错题本). Spoken answers judged by the host belong
// to a team, not a person, and are not recorded.
type Notebook interface {
	// Record stores one graded answer of userID to bank question sourceID.
	Record(ctx context.Context, userID, sourceID int64, q Question, choice string, right bool) error
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
	store    Store
	src      QuestionSource
	notebook Notebook
	now      func() time.Time
	// after schedules f once d has passed (time.AfterFunc unless a test
	// injects its clock); it returns a stop function.
	after func(d time.Duration, f func()) (stop func() bool)
	// onClock hears of every entry the clock stored (SetClockListener).
	onClock func(contestID int64, e Entry)

	mu    sync.Mutex
	games map[int64]*running
	guard *safe.Guard
}

type running struct {
	mu      sync.Mutex // held by the goroutine that applies and commits a batch
	contest Contest
	game    *Game

	qmu   sync.Mutex
	queue []*pending
	// wake tells the contest's committer goroutine that actions are queued.
	wake chan struct{}
	// the clock's next act on the game (Game.Due): its time and the
	// stop function of its timer; guarded by mu
	dueAt   int64
	dueStop func() bool
	// shared is set once another instance is seen writing this contest's
	// log (guarded by mu). Until then the committer does not read the log
	// before a batch: this process wrote everything after its first read,
	// and a write it did not see would make the append conflict (the
	// sequence is taken) and be retried on the re-read log. Refusals are
	// checked against the log before they are final.
	shared bool
	// caught: the game has been brought up to date with the log once
	// since it was built; entries a later read finds are another
	// instance's (guarded by mu)
	caught bool
	// stored are the entries with a client id this process stored or
	// read, so a repeated tap is answered without reading the log
	// (guarded by mu; bounded by maxStored)
	stored map[string]Entry
}

// maxStored bounds running.stored; past it a repeat is read from the log.
const maxStored = 50000

// pending is an action waiting for the batch that commits it.
type pending struct {
	a    Action
	done chan actResult
}

type actResult struct {
	res Result
	err error
}

// NewService returns a service. src may be nil.
func NewService(store Store, src QuestionSource, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	s := &Service{store: store, now: now, games: map[int64]*running{}, after: func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }}
	s.SetQuestionSource(src)
	return s
}

// SetGuard sets what recovers the panics of the service's goroutines (the
// committers and notebook writers); call it before the first action.
func (s *Service) SetGuard(g *safe.Guard) { s.guard = g }

// SetQuestionSource wires the question bank after construction. A source
// that is also a Notebook (contest.Bank) receives the device answers too.
func (s *Service) SetQuestionSource(src QuestionSource) {
	s.src = src
	if nb, ok := src.(Notebook); ok {
		s.notebook = nb
	}
}

// checkTitle refuses an empty, invisible, overlong (100 characters) title
// or one with control or text-direction characters.
func checkTitle(title string) error {
	if utf8.RuneCountInString(title) > MaxTitle || !fault.Visible(title) {
		return &fault.Error{Code: fault.Invalid, Message: "the contest is not valid", Fields: map[string]string{"title": "1 to 100 characters"}}
	}
	if msg := fault.TextProblem(title, MaxTitle, true); msg != "" {
		return &fault.Error{Code: fault.Invalid, Message: "the contest is not valid", Fields: map[string]string{"title": msg}}
	}
	return nil
}

// Create stores a draft contest hosted by the actor.
func (s *Service) Create(ctx context.Context, actor Actor, n NewContest) (Contest, error) {
	n.Title = strings.TrimSpace(n.Title)
	if err := checkTitle(n.Title); err != nil {
		return Contest{}, err
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

// Update replaces the title and configuration of a draft. Only its host (or
// an admin) may edit it; a published contest is frozen (fault.Conflict).
func (s *Service) Update(ctx context.Context, actor Actor, id int64, n NewContest) (Contest, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return Contest{}, err
	}
	if !CanHost(c, actor) {
		return Contest{}, fault.Errorf(fault.Forbidden, "only the host may edit the contest")
	}
	if c.Status != StatusDraft {
		return Contest{}, fault.Conflictf("a published contest cannot be edited")
	}
	n.Title = strings.TrimSpace(n.Title)
	if err := checkTitle(n.Title); err != nil {
		return Contest{}, err
	}
	n.Config.Normalize()
	if err := n.Config.Validate(false); err != nil {
		return Contest{}, err
	}
	c.Title, c.Config, c.UpdatedAt = n.Title, n.Config, s.now().UTC()
	if err := s.store.UpdateContest(ctx, c); err != nil {
		return Contest{}, fmt.Errorf("update contest: %w", err)
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
		d := *r.Draw
		d.Avoid = chosenSources(c.Config.Rounds)
		drawn, err := s.src.Draw(ctx, d)
		if err != nil {
			return Contest{}, drawError(i, err)
		}
		r.Questions = append(r.Questions, drawn...)
		r.Draw = nil
	}
	if err := s.checkLeaks(ctx, c.Config.Rounds); err != nil {
		return Contest{}, err
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

// LeakChecker is implemented by a QuestionSource that knows which bank
// questions give each other's answers away (Bank does).
type LeakChecker interface {
	// LeakPartners returns the pairs among ids that leak each other's keys.
	LeakPartners(ctx context.Context, ids []int64) ([][2]int64, error)
}

// checkLeaks refuses a contest whose rounds, drawn or written in, hold
// both questions of a leak pair (draws already avoid them; questions put
// in the configuration by hand are checked here).
func (s *Service) checkLeaks(ctx context.Context, rounds []Round) error {
	lc, ok := s.src.(LeakChecker)
	if !ok {
		return nil
	}
	pairs, err := lc.LeakPartners(ctx, chosenSources(rounds))
	if err != nil || len(pairs) == 0 {
		return err
	}
	p := pairs[0]
	return fault.InvalidField("config.rounds", fmt.Sprintf("questions %d and %d give each other's answers away and cannot be in one contest", p[0], p[1]))
}

// chosenSources returns the bank questions already in the rounds.
func chosenSources(rounds []Round) []int64 {
	var out []int64
	for _, r := range rounds {
		for _, q := range r.Questions {
			if q.SourceID != 0 {
				out = append(out, q.SourceID)
			}
		}
	}
	return out
}

// drawError places a bank's refusal of round i's draw (too few questions,
// a missing question id) on the round's draw field, so the editor shows it
// beside the round; other errors pass through.
func drawError(i int, err error) error {
	var fe *fault.Error
	if !errors.As(err, &fe) || (fe.Code != fault.Invalid && fe.Code != fault.NotFound) {
		return err
	}
	msg := fe.Message
	for _, m := range fe.Fields {
		msg = m // a draw has one rule: its one message
	}
	return &fault.Error{Code: fault.Invalid, Message: "the contest is not valid", Fields: map[string]string{fmt.Sprintf("config.rounds[%d].draw", i): msg}}
}

// Result is what Act did.
type Result struct {
	Entry Entry
	// Duplicate is set when the action's ClientID was seen before: Entry is
	// then the earlier one and nothing was written.
	Duplicate bool
	// Me is the answering player's own part of the game right after an
	// accepted answer (Game.Me at Entry.Seq), so the edge can tell the
	// player without waiting for the game's lock; nil for other actions.
	Me *MeView
}

// ErrNotPublished is returned for actions on a draft.
var ErrNotPublished = fault.Conflictf("the contest is not published yet")

// maxBatch bounds how many queued actions one transaction commits.
const maxBatch = 512

// Act stamps a with the server time (unless set), validates it against
// the game and, when accepted, stores it before returning. Refusals are
// *fault.Error values and change nothing.
//
// Actions on one contest queue up for the contest's committer goroutine,
// which applies them in order and stores the accepted ones in one
// transaction per batch (group commit), so a burst of answers costs a few
// commits, not one each.
func (s *Service) Act(ctx context.Context, contestID int64, actor Actor, a Action) (Result, error) {
	r, err := s.running(ctx, contestID)
	if err != nil {
		return Result{}, err
	}
	a.UserID = actor.UserID
	a.Host = CanHost(r.contest, actor)
	a.Clock = false // only the server's clock acts by the clock
	if a.At == 0 {
		a.At = s.now().UnixMilli()
	}
	if a.Type == ActJoin && a.Name == "" {
		a.Name = actor.Name
	}
	return s.enqueue(ctx, contestID, r, a)
}

// enqueue hands a to the contest's committer and waits for its result.
func (s *Service) enqueue(ctx context.Context, contestID int64, r *running, a Action) (Result, error) {
	p := &pending{a: a, done: make(chan actResult, 1)}
	r.qmu.Lock()
	r.queue = append(r.queue, p)
	r.qmu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default: // already signalled
	}
	select {
	case out := <-p.done:
		return out.res, out.err
	case <-ctx.Done():
		// the action may still be stored; a resend with the same client id is counted once
		return Result{}, fmt.Errorf("contest %d: %w", contestID, ctx.Err())
	}
}

// SetClock replaces the clock (tests): now reads it, after schedules a
// function once a duration has passed on it and returns a stop function.
// Call it before any contest runs.
func (s *Service) SetClock(now func() time.Time, after func(d time.Duration, f func()) (stop func() bool)) {
	s.now, s.after = now, after
}

// SetClockListener sets fn to hear of every entry the server's clock
// stored (a deadline's close and reveal), so the edge can broadcast it like
// a host command. Call it before any contest runs.
func (s *Service) SetClockListener(fn func(contestID int64, e Entry)) { s.onClock = fn }

// schedule sets the contest's timer for the game's next clock act
// (Game.Due), replacing one for another instant; r.mu is held. Every
// instance that runs the game sets one: the first to fire stores the
// close, the others' are refused after they catch up with the log.
func (s *Service) schedule(contestID int64, r *running) {
	at, _ := r.game.Due()
	if at == r.dueAt {
		return
	}
	if r.dueStop != nil {
		r.dueStop()
		r.dueStop = nil
	}
	r.dueAt = at
	if at == 0 {
		return
	}
	d := time.Duration(at-s.now().UnixMilli()) * time.Millisecond
	r.dueStop = s.after(max(d, 0), func() {
		_ = s.guard.Run("contest.clock", func() error { s.fire(contestID, r, at); return nil })
	})
}

// fire is the clock acting at instant at: it queues the game's due actions
// (stamped no earlier than at) like a host's and reports the stored ones.
// A refusal (the host closed first, a pause, another instance's clock) is
// the normal case of a race and is dropped.
func (s *Service) fire(contestID int64, r *running, at int64) {
	r.mu.Lock()
	due, acts := r.game.Due()
	if due == at && r.dueAt == at {
		r.dueAt, r.dueStop = 0, nil // a later schedule sets a new timer
	}
	r.mu.Unlock()
	if due != at {
		return // moved (resume) or gone; schedule set the new one
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, a := range acts {
		a.At = max(s.now().UnixMilli(), at)
		res, err := s.enqueue(ctx, contestID, r, a)
		if err != nil {
			return
		}
		if s.onClock != nil && !res.Duplicate {
			s.onClock(contestID, res.Entry)
		}
	}
}

// toNotebook hands stored device answers to bank questions to the
// notebook, off the answering path; a failure there loses a notebook line,
// never an answer.
func (s *Service) toNotebook(r *running, entries []Entry) {
	if s.notebook == nil {
		return
	}
	type rec struct {
		user int64
		g    Graded
		q    Question
	}
	var recs []rec
	for _, e := range entries {
		if g := e.Outcome.Graded; g != nil && g.SourceID != 0 {
			recs = append(recs, rec{user: e.Action.UserID, g: *g, q: sourceQuestion(r.contest.Config, g.SourceID)})
		}
	}
	if len(recs) == 0 {
		return
	}
	nb := s.notebook
	s.guard.Go("contest.notebook", func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for _, x := range recs {
			_ = nb.Record(ctx, x.user, x.g.SourceID, x.q, x.g.Choice, x.g.Right)
		}
	})
}

func sourceQuestion(cfg Config, id int64) Question {
	for _, r := range cfg.Rounds {
		for _, q := range r.Questions {
			if q.SourceID == id {
				return q
			}
		}
	}
	return Question{SourceID: id}
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
	r = &running{contest: c, game: NewGame(c.Config), wake: make(chan struct{}, 1)}
	s.games[id] = r
	s.guard.Go("contest.committer", func() { s.committer(id, r) })
	s.guard.Go("contest.clock", func() { // a deadline already in the log (restart, other instance) still closes
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		r.mu.Lock()
		defer r.mu.Unlock()
		_ = s.catchUp(ctx, id, r)
		s.schedule(id, r)
	})
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

// Observe brings the running game up to date with an entry stored by
// another instance (carried by the bus): it is applied when it is the next
// one, and the log is read only when entries are missing.
func (s *Service) Observe(ctx context.Context, contestID int64, e Entry) error {
	r, err := s.running(ctx, contestID)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if e.Seq <= r.game.Seq {
		return nil
	}
	r.shared = true // another instance writes this contest
	if e.Seq == r.game.Seq+1 {
		if _, err := r.game.Apply(e.Seq, e.Action); err == nil {
			s.remember(r, e)
			return nil
		}
		r.game, r.caught = NewGame(r.contest.Config), false // Apply may have half-changed it: rebuild from the log
	}
	return s.catchUp(ctx, contestID, r)
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
