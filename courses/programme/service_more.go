package programme

import (
	"context"
	"strings"

	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/fault"
)

// CreateReport records a research report of a unit (its head or organizers).
func (s *Service) CreateReport(ctx context.Context, actor account.User, in ReportInput) (Report, error) {
	if in.UnitID == 0 {
		in.UnitID = actor.UnitID
	}
	if err := in.Check(); err != nil {
		return Report{}, err
	}
	if !CanSeeUnit(actor, in.UnitID) {
		return Report{}, errForbidden
	}
	f, err := s.store.File(ctx, in.FileID)
	if err != nil || (f.UnitID != in.UnitID && !Organizes(actor)) {
		return Report{}, fault.InvalidField("fileId", "no such uploaded file for this unit")
	}
	return s.store.CreateReport(ctx, Report{Year: in.Year, Title: strings.TrimSpace(in.Title), Authors: strings.TrimSpace(in.Authors),
		UnitID: in.UnitID, Abstract: strings.TrimSpace(in.Abstract), FileID: in.FileID, CreatedBy: actor.ID, CreatedAt: s.now().UTC()})
}

// Reports lists reports: organizers every unit's, unit heads their own.
func (s *Service) Reports(ctx context.Context, actor account.User, year int, unitID int64) ([]Report, error) {
	if !Organizes(actor) {
		unitID = actor.UnitID
		if !CanSeeUnit(actor, unitID) {
			return nil, errForbidden
		}
	}
	return s.store.Reports(ctx, year, unitID)
}

// MarkOutstanding marks or unmarks a report as outstanding (organizers).
func (s *Service) MarkOutstanding(ctx context.Context, actor account.User, id int64, v bool) (Report, error) {
	if err := organizer(actor); err != nil {
		return Report{}, err
	}
	return s.store.SetOutstanding(ctx, id, v)
}

// Report returns a report to the people who may see its unit's detail.
func (s *Service) Report(ctx context.Context, actor account.User, id int64) (Report, error) {
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return Report{}, err
	}
	if !CanSeeUnit(actor, r.UnitID) {
		return Report{}, fault.NotFoundf("report %d not found", id)
	}
	return r, nil
}

// ClaimAppraisal reserves a report for sending to a document appraisal
// (organizers): fault.Conflict when it was sent already.
func (s *Service) ClaimAppraisal(ctx context.Context, actor account.User, id, contestID int64) (Report, error) {
	if err := organizer(actor); err != nil {
		return Report{}, err
	}
	return s.store.ClaimAppraisal(ctx, id, contestID, 0)
}

// SentForAppraisal records the entry a claimed report became; entryID 0
// releases the claim (the sending failed).
func (s *Service) SentForAppraisal(ctx context.Context, actor account.User, id, contestID, entryID int64) (Report, error) {
	if err := organizer(actor); err != nil {
		return Report{}, err
	}
	if entryID == 0 {
		contestID = 0
	}
	return s.store.ClaimAppraisal(ctx, id, contestID, entryID)
}

// Publish sends an announcement to everyone or to the units named.
func (s *Service) Publish(ctx context.Context, actor account.User, in AnnouncementInput) (Announcement, error) {
	if err := organizer(actor); err != nil {
		return Announcement{}, err
	}
	if err := in.Check(); err != nil {
		return Announcement{}, err
	}
	return s.store.CreateAnnouncement(ctx, Announcement{Title: strings.TrimSpace(in.Title), Body: strings.TrimSpace(in.Body),
		UnitIDs: in.UnitIDs, CreatedBy: actor.ID, PublishedAt: s.now().UTC()})
}

// Announcements are the notices the reader sees (organizers: all).
func (s *Service) Announcements(ctx context.Context, reader account.User, limit int) ([]Announcement, error) {
	unit := reader.UnitID
	if Organizes(reader) {
		unit = 0
	}
	return s.store.Announcements(ctx, reader.ID, unit, limit)
}

// Unread counts the reader's unread notices.
func (s *Service) Unread(ctx context.Context, reader account.User) (int, error) {
	list, err := s.store.Announcements(ctx, reader.ID, reader.UnitID, 200)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range list {
		if !a.Read {
			n++
		}
	}
	return n, nil
}

func visible(a Announcement, u account.User) bool {
	if len(a.UnitIDs) == 0 || Organizes(u) {
		return true
	}
	for _, id := range a.UnitIDs {
		if id == u.UnitID {
			return true
		}
	}
	return false
}

// Read opens a notice and records the receipt (idempotent).
func (s *Service) Read(ctx context.Context, reader account.User, id int64) (Announcement, error) {
	a, err := s.store.Announcement(ctx, id)
	if err != nil {
		return Announcement{}, err
	}
	if !visible(a, reader) {
		return Announcement{}, fault.NotFoundf("no such announcement")
	}
	if err := s.store.MarkRead(ctx, id, reader.ID, s.now().UTC()); err != nil {
		return Announcement{}, err
	}
	a.Read = true
	return a, nil
}

// Receipts shows who has read a notice, per unit (organizers).
func (s *Service) Receipts(ctx context.Context, actor account.User, id int64) ([]Receipt, error) {
	if err := organizer(actor); err != nil {
		return nil, err
	}
	return s.store.Receipts(ctx, id)
}
