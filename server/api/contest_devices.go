package api

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/weishi-dev/weishi/quiz/contest"
	"github.com/weishi-dev/weishi/server/fault"
)

// contestDevices lists the sockets of a contest on this instance, for the
// host console (per team, with roles).
func (rs *contestRooms) devices(id int64) []deviceRow {
	rs.mu.Lock()
	r := rs.rooms[id]
	rs.mu.Unlock()
	if r == nil {
		return nil
	}
	var out []deviceRow
	for _, m := range r.list() {
		out = append(out, deviceRow{UserID: m.userID, Name: m.name, Role: m.role, DelayMs: m.delay.Load(), OffsetMs: m.offset.Load()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out
}

// Devices on other instances: every instance writes the devices of each
// contest it serves into a shared map (one field per instance) at every
// resync, and the host console merges the fresh entries.
const presenceFresh = 3 * contestResync

type presence struct {
	At    int64       `json:"at"` // Unix ms of the write
	Items []deviceRow `json:"items"`
}

func presenceKey(id int64) string { return fmt.Sprintf("contest-devices:%d", id) }

// sharePresence writes this instance's devices; false when Redis failed.
func (r *room) sharePresence() bool {
	s := r.rooms.s
	if s.ContestLive == nil {
		return true
	}
	data, err := json.Marshal(presence{At: time.Now().UnixMilli(), Items: r.rooms.devices(r.id)})
	if err != nil {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.ContestLive.PutField(ctx, presenceKey(r.id), r.rooms.instance, data, 10*presenceFresh); err != nil {
		s.Logger.Warn("contest: share devices", "contest", r.id, "err", err)
		return false
	}
	return true
}

func (r *room) clearPresence() {
	if s := r.rooms.s; s.ContestLive != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = s.ContestLive.DeleteField(ctx, presenceKey(r.id), r.rooms.instance)
	}
}

// allDevices is this instance's devices plus the fresh ones other
// instances shared.
func (s *server) allDevices(ctx context.Context, id int64) []deviceRow {
	out := append([]deviceRow{}, s.contestRooms.devices(id)...)
	if s.ContestLive == nil {
		return out
	}
	fields, err := s.ContestLive.Fields(ctx, presenceKey(id))
	if err != nil {
		s.Logger.Warn("contest: read shared devices", "contest", id, "err", err)
		return out
	}
	now := time.Now().UnixMilli()
	for inst, data := range fields {
		var p presence
		if inst == s.contestRooms.instance || json.Unmarshal(data, &p) != nil || now-p.At > presenceFresh.Milliseconds() {
			continue
		}
		out = append(out, p.Items...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UserID < out[j].UserID })
	return out
}

type deviceRow struct {
	UserID   int64  `json:"userId"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	DelayMs  int64  `json:"delayMs"`
	OffsetMs int64  `json:"offsetMs"`
}

type deviceList struct {
	Items []deviceRow `json:"items"`
}

// contestDevices lists the devices connected to the contest on every instance.
func (s *server) contestDevices(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	x, err := s.Contests.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	if !contest.CanHost(x, actorOf(currentUser(c))) {
		return fault.Errorf(fault.Forbidden, "only the host may see connected devices")
	}
	return c.JSON(deviceList{Items: s.allDevices(c.UserContext(), id)})
}

var _ = fmt.Sprintf
