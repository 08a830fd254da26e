package judging

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Stage console commands.
const (
	CmdOnStage = "onstage" // EntryID takes the stage (the timer resets)
	CmdStart   = "start"   // the timer starts
	CmdStop    = "stop"    // the timer stops; the measured time is recorded on the entry
	CmdReveal  = "reveal"  // the big screen shows the entry's scores
	CmdRanking = "ranking" // the big screen shows the running ranking (Show)
)

// Command is one stage console command.
type Command struct {
	Type    string `json:"type"`
	EntryID int64  `json:"entryId,omitempty"`
	Show    bool   `json:"show,omitempty"`
}

// Command applies a stage console command of the organizer to an open
// (or locked, for reveals and the ranking) contest and stores the stage.
func (s *Service) Command(ctx context.Context, actor Actor, id int64, cmd Command) (Contest, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return Contest{}, err
	}
	if c.Status != StatusOpen && !(c.Status == StatusLocked && (cmd.Type == CmdReveal || cmd.Type == CmdRanking)) {
		return Contest{}, fault.Conflictf("the stage runs while the contest is open (it is %s)", c.Status)
	}
	now := s.now().UTC()
	switch cmd.Type {
	case CmdOnStage:
		if _, err := s.entry(ctx, id, cmd.EntryID); err != nil {
			return Contest{}, err
		}
		if err := s.stopTimer(ctx, &c, now); err != nil {
			return Contest{}, err
		}
		c.Stage.EntryID, c.Stage.Ranking = cmd.EntryID, false
	case CmdStart:
		if c.Stage.EntryID == 0 {
			return Contest{}, fault.Conflictf("put a speaker on stage first")
		}
		if !c.Stage.StartedAt.IsZero() {
			return Contest{}, fault.Conflictf("the timer is running")
		}
		c.Stage.StartedAt = now
	case CmdStop:
		if c.Stage.StartedAt.IsZero() {
			return Contest{}, fault.Conflictf("the timer is not running")
		}
		if err := s.stopTimer(ctx, &c, now); err != nil {
			return Contest{}, err
		}
	case CmdReveal:
		if _, err := s.entry(ctx, id, cmd.EntryID); err != nil {
			return Contest{}, err
		}
		if !slices.Contains(c.Stage.Revealed, cmd.EntryID) {
			c.Stage.Revealed = append(c.Stage.Revealed, cmd.EntryID)
		}
	case CmdRanking:
		c.Stage.Ranking = cmd.Show
	default:
		return Contest{}, fault.InvalidField("type", "onstage, start, stop, reveal or ranking")
	}
	c.UpdatedAt = now
	if err := s.store.UpdateContest(ctx, c); err != nil {
		return Contest{}, fmt.Errorf("stage command: %w", err)
	}
	c.Version++
	s.changed(ctx, id, "stage")
	return c, nil
}

// stopTimer records the running timer's measured time on the entry on
// stage (rounded down to seconds) and stops it.
func (s *Service) stopTimer(ctx context.Context, c *Contest, now time.Time) error {
	if c.Stage.StartedAt.IsZero() || c.Stage.EntryID == 0 {
		c.Stage.StartedAt = time.Time{}
		return nil
	}
	secs := int(now.Sub(c.Stage.StartedAt) / time.Second)
	if secs < 1 {
		secs = 1
	}
	if err := s.store.SetSeconds(ctx, c.ID, c.Stage.EntryID, secs); err != nil {
		return fmt.Errorf("record speaking time: %w", err)
	}
	c.Stage.StartedAt = time.Time{}
	return nil
}

// BoardEntry is an entry as the big screen and the pads show it.
type BoardEntry struct {
	Entry
	Submitted []int   `json:"submitted"`        // seats that submitted
	Revealed  bool    `json:"revealed"`         // the scores are shown
	Result    *Result `json:"result,omitempty"` // only when revealed (or to the organizer)
}

// Board is the live view of a speech contest: what the big screen, the
// pads and the console draw. Judges appear by seat only.
type Board struct {
	ContestID  int64        `json:"contestId"`
	Title      string       `json:"title"`
	Status     Status       `json:"status"`
	Version    int64        `json:"version"` // grows with every change (Store.Changes)
	Panel      int          `json:"panel"`
	Method     Method       `json:"method"`
	Trim       int          `json:"trim,omitempty"`
	Precision  int          `json:"precision"`
	Timing     Timing       `json:"timing"`
	Stage      Stage        `json:"stage"`
	ServerTime time.Time    `json:"serverTime"`
	OnStage    *BoardEntry  `json:"onStage,omitempty"`
	Entries    []BoardEntry `json:"entries"`
	// Ranking lists the revealed, ranked entries when the stage shows the
	// ranking (or the contest is published).
	Ranking []Result `json:"ranking,omitempty"`
}

// MakeBoard builds the board for a viewer: scores of an entry appear only
// when CanSeeScores allows; judge ids are removed unless the viewer owns
// the contest.
func MakeBoard(c Contest, v Viewer, entries []Entry, sheets []Sheet, now time.Time) Board {
	b := Board{ContestID: c.ID, Title: c.Title, Status: c.Status, Version: c.Version, Panel: len(c.Config.Panel),
		Method: c.Config.Aggregation.Method, Trim: c.Config.Aggregation.Trim, Precision: c.Config.Aggregation.Precision,
		Timing: c.Config.Rubric.Timing, Stage: c.Stage, ServerTime: now.UTC(), Entries: make([]BoardEntry, 0, len(entries))}
	for _, sh := range sheets {
		b.Version += int64(sh.Version) // as Store.Changes counts
	}
	results := Results(c.Config, entries, sheets)
	byEntry := make(map[int64]Result, len(results))
	for _, r := range results {
		byEntry[r.EntryID] = r
	}
	seats := map[int64][]int{}
	for _, sh := range sheets {
		if sh.Status == SheetSubmitted {
			j, _ := c.Config.JudgeOf(sh.JudgeID)
			seats[sh.EntryID] = append(seats[sh.EntryID], j.Seat)
		}
	}
	for _, e := range entries {
		be := BoardEntry{Entry: ShowEntry(c, v, e), Submitted: seats[e.ID], Revealed: c.Stage.IsRevealed(e.ID) || c.Status == StatusPublished}
		if be.Submitted == nil {
			be.Submitted = []int{}
		}
		slices.Sort(be.Submitted)
		if CanSeeScores(c, v, e.ID) {
			r := byEntry[e.ID]
			if !v.Organizer {
				r.Marks = slices.Clone(r.Marks)
				for i := range r.Marks {
					r.Marks[i].JudgeID = 0
				}
			}
			be.Result = &r
		}
		b.Entries = append(b.Entries, be)
		if e.ID == c.Stage.EntryID {
			on := be
			b.OnStage = &on
		}
	}
	if c.Stage.Ranking || c.Status == StatusPublished {
		b.Ranking = []Result{}
		var shown []Result
		for _, r := range results {
			if CanSeeScores(c, v, r.EntryID) && (c.Stage.IsRevealed(r.EntryID) || c.Status == StatusPublished) {
				r.Marks = nil
				shown = append(shown, r)
			}
		}
		// the running ranking ranks the revealed entries among themselves
		b.Ranking = append(b.Ranking, Rank(c.Config, shown)...)
	}
	return b
}

// Snapshot reads what a live board is made of, for the edge that
// prepares one board per audience (MakeBoard) from a single read.
func (s *Service) Snapshot(ctx context.Context, id int64) (Contest, []Entry, []Sheet, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return Contest{}, nil, nil, err
	}
	entries, sheets, err := s.entriesAndSheets(ctx, id)
	if err != nil {
		return Contest{}, nil, nil, err
	}
	return c, entries, sheets, nil
}

// Board returns the live board for the actor.
func (s *Service) Board(ctx context.Context, actor Actor, id int64) (Board, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return Board{}, err
	}
	entries, sheets, err := s.entriesAndSheets(ctx, id)
	if err != nil {
		return Board{}, err
	}
	return MakeBoard(c, actor.viewer(c), entries, sheets, s.now()), nil
}
