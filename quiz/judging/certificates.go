package judging

import (
	"context"
	"crypto/rand"
	"strings"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

// Certificate is an award certificate (获奖证书) of a published contest.
// What it names is copied when it is issued, so a later edit of an entry
// does not change a certificate already printed.
type Certificate struct {
	ID           int64     `json:"id"`
	ContestID    int64     `json:"contestId"`
	EntryID      int64     `json:"entryId"`
	Code         string    `json:"code"`
	Name         string    `json:"name"`
	Unit         string    `json:"unit,omitempty"`
	EntryTitle   string    `json:"entryTitle,omitempty"`
	ContestTitle string    `json:"contestTitle"`
	Tier         string    `json:"tier"`
	Rank         int       `json:"rank"`
	Score        string    `json:"score"` // as displayed, at the contest's precision
	IssuedBy     int64     `json:"issuedBy"`
	IssuedAt     time.Time `json:"issuedAt"`
}

// CertificateCheck is what the public verification page shows.
type CertificateCheck struct {
	Name         string `json:"name"`
	Unit         string `json:"unit,omitempty"`
	ContestTitle string `json:"contestTitle"`
	Tier         string `json:"tier"`
	Date         string `json:"date"`
}

// shanghai is the zone certificates are dated in (China keeps UTC+8).
var shanghai = time.FixedZone("Asia/Shanghai", 8*3600)

// codeAlphabet leaves out 0/O and 1/I so a printed code reads back.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newCode returns a random certificate code ("J" and 11 characters).
func newCode() (string, error) {
	b := make([]byte, 11)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	out := []byte{'J'}
	for _, c := range b {
		out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return string(out), nil
}

// NormalizeCode upper-cases and trims a typed certificate code.
func NormalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// IssueCertificates issues a certificate to every entry with an award tier
// of a published contest (organizer). Issuing again keeps the certificates
// already issued and returns them all.
func (s *Service) IssueCertificates(ctx context.Context, actor Actor, id int64) ([]Certificate, error) {
	c, err := s.owned(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if c.Status != StatusPublished {
		return nil, fault.Conflictf("certificates are issued once the results are published (the contest is %s)", c.Status)
	}
	entries, sheets, err := s.entriesAndSheets(ctx, id)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Entry{}
	for _, e := range entries {
		byID[e.ID] = e
	}
	now := s.now().UTC()
	var out []Certificate
	for _, r := range Results(c.Config, entries, sheets) {
		if r.Tier == "" || r.Failed {
			continue
		}
		e := byID[r.EntryID]
		code, err := newCode()
		if err != nil {
			return nil, err
		}
		out = append(out, Certificate{ContestID: id, EntryID: e.ID, Code: code, Name: e.Name, Unit: e.Unit, EntryTitle: e.Title,
			ContestTitle: c.Title, Tier: r.Tier, Rank: r.Rank, Score: r.Display, IssuedBy: actor.UserID, IssuedAt: now})
	}
	if len(out) == 0 {
		return nil, fault.Conflictf("no entry holds an award tier")
	}
	return s.store.IssueCertificates(ctx, out)
}

// Certificates lists a contest's certificates by rank: the organizer's at
// any time, everyone's once the contest is published.
func (s *Service) Certificates(ctx context.Context, actor Actor, id int64) ([]Certificate, error) {
	c, err := s.store.Contest(ctx, id)
	if err != nil {
		return nil, err
	}
	if !Owns(c, actor) && c.Status != StatusPublished {
		return nil, fault.Errorf(fault.Forbidden, "certificates are shown after publication")
	}
	return s.store.Certificates(ctx, id)
}

// CheckCertificate is the public check of a certificate code: the name,
// unit, contest, tier and date only.
func (s *Service) CheckCertificate(ctx context.Context, code string) (CertificateCheck, error) {
	code = NormalizeCode(code)
	if code == "" || len(code) > 32 {
		return CertificateCheck{}, fault.NotFoundf("no certificate has this code")
	}
	x, err := s.store.CertificateByCode(ctx, code)
	if err != nil {
		return CertificateCheck{}, err
	}
	return CertificateCheck{Name: x.Name, Unit: x.Unit, ContestTitle: x.ContestTitle, Tier: x.Tier, Date: x.IssuedAt.In(shanghai).Format("2006-01-02")}, nil
}
