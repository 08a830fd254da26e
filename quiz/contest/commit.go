package contest

import (
	"context"
	"fmt"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// The contest's committer: group commit of queued actions, the catch-up
// with the log, repeated taps.

// committer is the contest's one writer: it takes whatever is queued,
// applies it in order and stores the accepted actions in one transaction.
func (s *Service) committer(contestID int64, r *running) {
	for range r.wake {
		for {
			r.qmu.Lock()
			empty := len(r.queue) == 0
			r.qmu.Unlock()
			if empty {
				break
			}
			s.commitNext(contestID, r)
		}
	}
}

// commitNext commits the next batch of queued actions. A panic while
// applying or storing them (a bug in a rule) is recovered and counted: the
// batch's actions are refused with the error, and the game is rebuilt from
// the log, so the contest goes on.
func (s *Service) commitNext(contestID int64, r *running) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r.qmu.Lock()
	batch := r.queue
	if len(batch) > maxBatch {
		batch = batch[:maxBatch]
	}
	r.queue = r.queue[len(batch):]
	r.qmu.Unlock()
	err := s.guard.Run("contest.commit", func() error {
		s.commitQueue(ctx, contestID, r, batch)
		return nil
	})
	if err != nil {
		r.game, r.caught = NewGame(r.contest.Config), false
		for _, p := range batch {
			select {
			case p.done <- actResult{err: fmt.Errorf("contest %d: %w", contestID, err)}:
			default: // answered before the panic
			}
		}
	}
}

// commitQueue applies and commits batch; r.mu is held. The game is
// brought up to date with the log first only when another instance writes
// this contest too (running.shared); alone, an append that finds its
// sequence taken tells us, and the batch is applied again on the re-read
// log. Every answer waits until the batch is stored (or refused for good).
func (s *Service) commitQueue(ctx context.Context, contestID int64, r *running, batch []*pending) {
	for attempt := 0; len(batch) > 0; attempt++ {
		read := attempt > 0 || r.shared || !r.caught
		if read {
			if err := s.catchUp(ctx, contestID, r); err != nil {
				fail(batch, err)
				return
			}
		}
		base := r.game.Seq
		var entries []Entry
		var accepted []*pending
		var mes []*MeView
		// keep is the batch without the repeats answered at once, in
		// order: what a retry applies again. after holds the answers
		// given once the batch is stored: refusals and repeats of an
		// action of this batch.
		var keep []*pending
		type later struct {
			p   *pending
			res actResult
		}
		var after []later
		refusals := false
		inBatch := map[string]Entry{}
		for _, p := range batch {
			if id := p.a.ClientID; id != "" {
				if e, ok := inBatch[id]; ok {
					keep = append(keep, p)
					after = append(after, later{p, actResult{res: Result{Entry: e, Duplicate: true}}})
					continue
				}
				if seq, ok := r.game.SeenClientID(id); ok {
					e, err := s.storedEntry(ctx, contestID, r, id, seq)
					p.done <- actResult{res: Result{Entry: e, Duplicate: err == nil}, err: err}
					continue
				}
			}
			keep = append(keep, p)
			seq := r.game.Seq + 1
			out, err := r.game.Apply(seq, p.a)
			if err != nil {
				refusals = true
				after = append(after, later{p, actResult{err: err}})
				continue
			}
			e := Entry{Seq: seq, Action: p.a, Outcome: out, At: time.UnixMilli(p.a.At).UTC()}
			var me *MeView
			if p.a.Type == ActAnswer {
				me = r.game.Me(p.a.UserID)
			}
			entries = append(entries, e)
			accepted = append(accepted, p)
			mes = append(mes, me)
			if p.a.ClientID != "" {
				inBatch[p.a.ClientID] = e
			}
		}
		if refusals && !read {
			// a refusal is final only on the whole log: did another
			// instance write after what this game has seen?
			newer, err := s.store.Log(ctx, contestID, base)
			if err != nil || len(newer) > 0 {
				r.game, r.caught = NewGame(r.contest.Config), false
				if err != nil {
					fail(keep, fmt.Errorf("contest %d: read log: %w", contestID, err))
					return
				}
				r.shared = true
				batch = keep
				continue
			}
		}
		if len(entries) > 0 {
			err := s.store.Append(ctx, contestID, entries...)
			if err != nil {
				// The game applied actions that were not stored: rebuild it.
				r.game, r.caught = NewGame(r.contest.Config), false
				if fault.Code(err) != fault.Conflict || attempt >= 5 {
					fail(keep, fmt.Errorf("contest %d: append: %w", contestID, err))
					return
				}
				r.shared = true // another instance appended first: replay and retry
				batch = keep
				continue
			}
			s.schedule(contestID, r) // before anyone hears: a test may move its clock next
			for i, e := range entries {
				s.remember(r, e)
				accepted[i].done <- actResult{res: Result{Entry: e, Me: mes[i]}}
			}
			s.toNotebook(r, entries)
		}
		for _, l := range after {
			l.p.done <- l.res
		}
		return
	}
}

// remember keeps a stored entry with a client id for repeated taps; r.mu
// is held.
func (s *Service) remember(r *running, e Entry) {
	if e.Action.ClientID == "" {
		return
	}
	if r.stored == nil || len(r.stored) >= maxStored {
		r.stored = map[string]Entry{}
	}
	r.stored[e.Action.ClientID] = e
}

// storedEntry is the stored entry seq that carried client id; r.mu is held.
func (s *Service) storedEntry(ctx context.Context, contestID int64, r *running, id string, seq int64) (Entry, error) {
	if e, ok := r.stored[id]; ok && e.Seq == seq {
		return e, nil
	}
	return s.entry(ctx, contestID, seq)
}

func fail(batch []*pending, err error) {
	for _, p := range batch {
		p.done <- actResult{err: err}
	}
}

// entry reads one stored entry.
func (s *Service) entry(ctx context.Context, contestID, seq int64) (Entry, error) {
	entries, err := s.store.Log(ctx, contestID, seq-1)
	if err != nil {
		return Entry{}, err
	}
	if len(entries) == 0 || entries[0].Seq != seq {
		return Entry{}, fmt.Errorf("contest %d: entry %d missing", contestID, seq)
	}
	return entries[0], nil
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
		s.remember(r, e)
	}
	if len(entries) > 0 {
		if r.caught {
			r.shared = true // written by another instance since our last read
		}
		s.schedule(contestID, r)
	}
	r.caught = true
	return nil
}
