package sqlstore_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/courses"
	"github.com/weishi-dev/weishi/server/account"
	"github.com/weishi-dev/weishi/server/sqlstore/storetest"
)

// BenchmarkMySchedule reads "my schedule" for a person enrolled in 20
// batches of 10 sessions (200 sessions), among 40 other people and 400
// other sessions, on each engine. It reports the 99th percentile.
func BenchmarkMySchedule(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, engine)
			acc, err := account.NewService(db.Accounts(), time.Now, account.MinHashCost)
			if err != nil {
				b.Fatal(err)
			}
			unit, err := acc.CreateUnit(ctx, account.NewUnit{Name: "u", Kind: account.UnitDivision})
			if err != nil {
				b.Fatal(err)
			}
			var people []int64
			var org account.User
			for i := 0; i < 41; i++ {
				u, err := acc.CreateUserWithoutChange(ctx, account.NewUser{Account: fmt.Sprintf("p%02d", i), Name: "p", UnitID: unit.ID,
					Roles: []account.Role{account.RoleStaff, account.RoleOrganizer}, Password: "Passw0rd1"})
				if err != nil {
					b.Fatal(err)
				}
				people = append(people, u.ID)
				if i == 0 {
					org = u
				}
			}
			svc, err := courses.NewService(db.Courses(), courses.Config{Secret: []byte("bench-secret-0123456789")})
			if err != nil {
				b.Fatal(err)
			}
			me := people[1]
			day := time.Date(2026, 1, 5, 0, 0, 0, 0, courses.Shanghai)
			for c := 0; c < 30; c++ {
				cl, err := svc.CreateClass(ctx, org, courses.ClassInput{Title: fmt.Sprintf("class %d", c), Kind: courses.KindOther})
				if err != nil {
					b.Fatal(err)
				}
				start := day.AddDate(0, 0, c*10)
				bt, err := svc.CreateBatch(ctx, org, cl.ID, courses.BatchInput{Name: "b", StartsOn: start.Format(courses.DateLayout),
					EndsOn: start.AddDate(0, 0, 9).Format(courses.DateLayout), Capacity: 100})
				if err != nil {
					b.Fatal(err)
				}
				who := people[2:]
				if c < 20 {
					who = people[1:]
				}
				if _, err := db.Courses().Enrol(ctx, bt.ID, who, time.Now()); err != nil {
					b.Fatal(err)
				}
				for s := 0; s < 10; s++ {
					from := start.AddDate(0, 0, s).Add(9 * time.Hour)
					if _, err := db.Courses().CreateSession(ctx, courses.SessionInput{BatchID: bt.ID, Start: from, End: from.Add(2 * time.Hour),
						Topic: "t", Venue: "v", Hours: 2}, time.Now()); err != nil {
						b.Fatal(err)
					}
				}
			}
			from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, courses.Shanghai), time.Date(2027, 1, 1, 0, 0, 0, 0, courses.Shanghai)
			if got, _ := svc.MySchedule(ctx, me, from, to); len(got) != 200 {
				b.Fatalf("%d sessions", len(got))
			}
			durations := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if _, err := svc.MySchedule(ctx, me, from, to); err != nil {
					b.Fatal(err)
				}
				durations = append(durations, time.Since(t0))
			}
			b.StopTimer()
			sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
			p99 := durations[(len(durations)*99)/100]
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		})
	}
}
