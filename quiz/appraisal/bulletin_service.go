package appraisal

import (
	"context"
	"strings"

	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/fault"
)

// tally computes the bulletin's data; identities come with the reveal.
func (s *Service) tally(ctx context.Context, c judging.Contest) (BulletinData, error) {
	c, entries, sheets, err := s.judging.Snapshot(ctx, c.ID)
	if err != nil {
		return BulletinData{}, err
	}
	h, err := s.store.Standards(ctx, c.ID)
	if err != nil {
		return BulletinData{}, err
	}
	std, ok := h.Current()
	if !ok {
		std = Template()
		std.Rubric = c.Config.Rubric
	}
	std.Rubric = c.Config.Rubric // the rubric the sheets were scored by
	codes, err := s.codes(ctx, c)
	if err != nil {
		return BulletinData{}, err
	}
	docs := make([]Document, 0, len(entries))
	for _, e := range entries {
		docs = append(docs, Document{EntryID: e.ID, Code: codes.code[e.ID], UnitID: e.UnitID, Unit: e.Unit, CaseNo: e.Title})
	}
	return Tally(c.Title, std, docs, judging.Results(c.Config, entries, sheets), sheets, c.Config.Panel), nil
}

// Bulletin returns the results bulletin: to its organizers the stored one
// or, before any is saved, a draft from the data (409 before the
// reveal: the bulletin names units); to everyone else the published one
// only (403 before).
func (s *Service) Bulletin(ctx context.Context, a judging.Actor, contestID int64) (Bulletin, error) {
	c, err := s.contest(ctx, contestID)
	if err != nil {
		return Bulletin{}, err
	}
	stored, err := s.store.Bulletin(ctx, contestID)
	found := err == nil
	if err != nil && !fault.Is(err, fault.NotFound) {
		return Bulletin{}, err
	}
	if !judging.Owns(c, a) {
		if !found || stored.PublishedAt == nil {
			return Bulletin{}, fault.Errorf(fault.Forbidden, "the bulletin is shown once it is published")
		}
	} else if err := s.revealed(ctx, contestID); err != nil {
		return Bulletin{}, err
	}
	d, err := s.tally(ctx, c)
	if err != nil {
		return Bulletin{}, err
	}
	if !found {
		return Bulletin{ContestID: contestID, Title: c.Title + "情况通报", Sections: DraftSections(d), Data: d, UpdatedAt: s.now().UTC()}, nil
	}
	stored.Data = d
	return stored, nil
}

func (s *Service) revealed(ctx context.Context, contestID int64) error {
	rv, err := s.store.Reveal(ctx, contestID)
	if err != nil {
		return err
	}
	if rv == nil {
		return fault.Conflictf("the bulletin names units: reveal the identities first (once every sheet is locked)")
	}
	return nil
}

// Redraft returns a fresh draft from the data (nothing stored): the
// organizer's "draft again".
func (s *Service) Redraft(ctx context.Context, a judging.Actor, contestID int64) (Bulletin, error) {
	c, err := s.owned(ctx, a, contestID)
	if err != nil {
		return Bulletin{}, err
	}
	if err := s.revealed(ctx, contestID); err != nil {
		return Bulletin{}, err
	}
	d, err := s.tally(ctx, c)
	if err != nil {
		return Bulletin{}, err
	}
	v := 0
	if b, err := s.store.Bulletin(ctx, contestID); err == nil {
		v = b.Version
	}
	return Bulletin{ContestID: contestID, Title: c.Title + "情况通报", Sections: DraftSections(d), Data: d, Version: v, UpdatedAt: s.now().UTC()}, nil
}

// SaveBulletin stores the organizer's edit (version: the one they read;
// 409 if another edit came first). publish also publishes it, once: a
// published bulletin is not edited again (409).
func (s *Service) SaveBulletin(ctx context.Context, a judging.Actor, contestID int64, title string, sections []Section, version int, publish bool) (Bulletin, error) {
	c, err := s.owned(ctx, a, contestID)
	if err != nil {
		return Bulletin{}, err
	}
	if err := s.revealed(ctx, contestID); err != nil {
		return Bulletin{}, err
	}
	title = strings.TrimSpace(title)
	if err := CheckSections(title, sections); err != nil {
		return Bulletin{}, err
	}
	prev, err := s.store.Bulletin(ctx, contestID)
	switch {
	case fault.Is(err, fault.NotFound):
		prev = Bulletin{}
	case err != nil:
		return Bulletin{}, err
	}
	if prev.PublishedAt != nil {
		return Bulletin{}, fault.Conflictf("the bulletin is published and no longer edited")
	}
	if version != prev.Version {
		return Bulletin{}, fault.Conflictf("the bulletin changed meanwhile (version %d, you edited %d); reload it", prev.Version, version)
	}
	now := s.now().UTC()
	b := Bulletin{ContestID: contestID, Title: title, Sections: sections, Version: prev.Version + 1, UpdatedAt: now}
	if publish {
		b.PublishedAt = &now
	}
	if err := s.store.SaveBulletin(ctx, b, prev.Version); err != nil {
		return Bulletin{}, err
	}
	d, err := s.tally(ctx, c)
	if err != nil {
		return Bulletin{}, err
	}
	b.Data = d
	return b, nil
}
