package quiz

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// Editing, copying and archiving papers (issue 11). A paper may be edited
// while nobody has started it: an attempt draws its questions from the
// paper as it is, so changing it afterwards would leave candidates on
// different papers. Copying and archiving are allowed at any time.

var (
	// ErrPaperStarted refuses an edit of a paper someone has started.
	ErrPaperStarted = &fault.Error{Code: fault.Conflict, Message: "someone has already started this paper; it can no longer be edited (copy it to make changes)"}
	// ErrPaperArchived refuses assigning or starting an archived paper.
	ErrPaperArchived = &fault.Error{Code: fault.Conflict, Message: "this paper is archived"}
)

// copySuffix ends a copy's default title.
const copySuffix = "（副本）"

// checkContent refuses fixed items that are not active questions and rules
// that cannot draw their count, field by field.
func (s *Service) checkContent(ctx context.Context, p Paper) error {
	f := fault.Fields{}
	for i, it := range p.Items {
		q, err := s.store.Question(ctx, it.QuestionID)
		if fault.Is(err, fault.NotFound) || (err == nil && q.Status != StatusActive) {
			f.Add(fmt.Sprintf("items[%d]", i), "is not an active question")
		} else if err != nil {
			return err
		}
	}
	// fixed items may not hold both questions of a leak pair (the draws
	// keep them apart; a paper's own list must too)
	ids := make([]int64, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.QuestionID
	}
	pairs, err := s.LeakPartners(ctx, ids)
	if err != nil {
		return err
	}
	for _, pr := range pairs {
		f.Add(fmt.Sprintf("items[%d]", slices.Index(ids, pr[1])), fmt.Sprintf("questions %d and %d give each other's answers away and cannot be in one paper", pr[0], pr[1]))
	}
	prev, err := s.PreviewRules(ctx, p.Rules)
	if err != nil {
		return err
	}
	for i, r := range prev {
		f.Check(!r.Enough, fmt.Sprintf("rules[%d]", i), fmt.Sprintf("only %d questions match this rule", r.Available))
	}
	return f.Err()
}

// UpdatePaper replaces the paper's content and settings when actor may
// manage it (fault.Forbidden otherwise) and nobody has started it
// (ErrPaperStarted, fault.Conflict). The owner and creation time stay.
func (s *Service) UpdatePaper(ctx context.Context, actor account.User, id int64, p Paper) (Paper, error) {
	old, err := s.ManagedPaper(ctx, actor, id)
	if err != nil {
		return Paper{}, err
	}
	if old.Started > 0 {
		return Paper{}, ErrPaperStarted
	}
	if err := checkPaper(&p); err != nil {
		return Paper{}, err
	}
	if err := s.checkContent(ctx, p); err != nil {
		return Paper{}, err
	}
	p.ID, p.CreatedBy, p.CreatedAt, p.ArchivedAt = id, old.CreatedBy, old.CreatedAt, old.ArchivedAt
	return s.store.UpdatePaper(ctx, p)
}

// CopyPaper makes a new paper, owned by actor, with the content and
// settings of one actor may read (any organizer may read papers). The copy
// has no assignees and is not archived; its title is title, or the
// original's with "（副本）" when title is blank.
func (s *Service) CopyPaper(ctx context.Context, actor account.User, id int64, title string) (Paper, error) {
	p, err := s.store.Paper(ctx, id)
	if err != nil {
		return Paper{}, err
	}
	title = strings.TrimSpace(title)
	if title == "" {
		r, n := []rune(p.Title), MaxTitle-len([]rune(copySuffix))
		if len(r) > n {
			r = r[:n]
		}
		title = string(r) + copySuffix
	}
	p.Title = title
	p.ID, p.ArchivedAt, p.Assigned, p.Started = 0, nil, 0, 0
	if err := checkPaper(&p); err != nil {
		return Paper{}, err
	}
	p.CreatedBy, p.CreatedAt = actor.ID, s.clock()
	return s.store.CreatePaper(ctx, p)
}

// ArchivePaper archives (archived true) or restores a paper actor may
// manage. Archiving again keeps the first time.
func (s *Service) ArchivePaper(ctx context.Context, actor account.User, id int64, archived bool) (Paper, error) {
	p, err := s.ManagedPaper(ctx, actor, id)
	if err != nil {
		return Paper{}, err
	}
	if !archived {
		return s.store.ArchivePaper(ctx, id, nil)
	}
	if p.ArchivedAt != nil {
		return p, nil
	}
	now := s.clock()
	return s.store.ArchivePaper(ctx, id, &now)
}
