package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/courses/programme"
	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/quiz/debate"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/seed"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/docconv"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/safe"
	"github.com/weishi-dev/weishi/server/sqlstore"
)

// services are the domain services, built once and shared by the demo
// loader and the API. Each feature adds its service here.
type services struct {
	accounts *account.Service
	courses  *courses.Service
	contests *contest.Service
	quiz     *quiz.Service
	// guard recovers every background goroutine's panics (server/safe).
	guard   *safe.Guard
	judging *judging.Service
	// appraisal is nil until addAppraisal (it needs the data dir).
	appraisal *appraisal.Service
	documents *docfile.Dir // the appraisal's files, for streamed uploads
	debate    *debate.Service
	// programme is nil until addProgramme (it needs the data dir).
	programme *programme.Service
	now       func() time.Time
}

// addProgramme starts the year's programme (issue 16), keeping evidence and
// report files under dataDir/programme.
func (s *services) addProgramme(db *sqlstore.DB, dataDir string) error {
	blobs, err := docfile.Open(filepath.Join(dataDir, "programme"))
	if err != nil {
		return err
	}
	s.programme = programme.NewService(db.Programme(), blobs, s.now)
	return nil
}

// addAppraisal starts document appraisals, keeping their files under
// dataDir/documents. DOCX files are converted to PDF by LibreOffice when
// converter finds it ("" looks it up, "off" turns it off), off the request
// path through guard; the answer says which converter, if any.
func (s *services) addAppraisal(db *sqlstore.DB, dataDir, converter string, guard *safe.Guard) (string, error) {
	blobs, err := docfile.Open(filepath.Join(dataDir, "documents"))
	if err != nil {
		return "", err
	}
	s.appraisal = appraisal.NewService(s.judging, db.Appraisal(), blobs, s.now)
	s.documents = &blobs
	s.judging.SetGate(s.appraisal) // a judge scores only the documents assigned to them
	if converter == "off" {
		return "", nil
	}
	conv, err := docconv.Find(converter, "")
	if err != nil {
		return "", nil // no converter: a DOCX is offered as a download
	}
	s.appraisal.SetConverter(conv, guard.Go, 2*time.Minute)
	return conv.Path(), nil
}

func newServices(db *sqlstore.DB, now func() time.Time, guard *safe.Guard) (*services, error) {
	accounts, err := account.NewService(db.Accounts(), now, 0)
	if err != nil {
		return nil, err
	}
	accounts.SetGuard(guard)
	// Live contests snapshot bank questions through contest.Bank.
	bank := quiz.NewService(db.Quiz(), now, 0)
	bank.SetGuard(guard)
	contests := contest.NewService(db.Contests(), contest.Bank{Quiz: bank}, now)
	contests.SetGuard(guard)
	training, err := newCourses(db, now)
	if err != nil {
		return nil, err
	}
	// A class with a post-class paper is completed only when its quiz is passed.
	training.SetQuizResults(bank)
	judged := judging.NewService(db.Judging(), now, nil)
	debates := debate.NewService(db.Debate(), now, nil)
	return &services{accounts: accounts, contests: contests, courses: training, quiz: bank, judging: judged, debate: debates, guard: guard, now: now}, nil
}

// seedDeps are what the demo loader needs.
func (s *services) seedDeps(logger *slog.Logger) seed.Deps {
	return seed.Deps{Accounts: s.accounts, Courses: s.courses, Contests: s.contests, Quiz: s.quiz, Judging: s.judging, Debate: s.debate, Appraisal: s.appraisal, Programme: s.programme, Logger: logger}
}

// addAPIDeps fills the feature services of the API.
func (s *services) addAPIDeps(d *api.Deps, rds *live.Client) {
	d.Courses = s.courses
	d.Contests = s.contests
	d.ContestLive = rds
	d.Shared = rds
	d.Quiz = s.quiz
	d.Guard = s.guard
	d.Judging = s.judging
	d.Appraisal = s.appraisal
	d.DocumentFiles = s.documents
	d.Debate = s.debate
	d.Programme = s.programme
}

// background starts the feature services' periodic work; it stops with ctx.
func (s *services) background(ctx context.Context, logger *slog.Logger) {
	// Attempts past their deadline are submitted with what was saved, so
	// results, statistics and notebooks are complete without anyone
	// opening them. Every instance sweeps; an attempt is graded once.
	s.guard.Go("quiz.sweep", func() {
		s.quiz.SweepExpired(ctx, time.Minute, func(closed int, err error) {
			if err != nil {
				logger.Warn("close expired quiz attempts", "err", err)
				return
			}
			logger.Info("closed expired quiz attempts", "count", closed)
		})
	})
}

// newCourses builds the training service with the check-in key that every
// instance shares through the database.
func newCourses(db *sqlstore.DB, now func() time.Time) (*courses.Service, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	secret, err := db.Courses().CheckinSecret(context.Background(), hex.EncodeToString(fresh))
	if err != nil {
		return nil, err
	}
	return courses.NewService(db.Courses(), courses.Config{Secret: secret, Now: now})
}
