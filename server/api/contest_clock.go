package api

import "github.com/weishi-dev/weishi/quiz/contest"

// clocked hears of an entry the server's clock stored (a deadline's close
// and, when the round says so, its reveal: contest.Game.Due) and tells the
// sockets like a host command: the local room, the Redis board and the
// other instances.
func (rs *contestRooms) clocked(id int64, e contest.Entry) {
	rs.mu.Lock()
	r := rs.rooms[id]
	rs.mu.Unlock()
	if r == nil {
		// no local sockets: the Redis board and the other instances only
		r = &room{id: id, rooms: rs}
		r.increment(e)
		r.publish(e)
		return
	}
	rs.accepted(r, e) // through the room's loop, like a local entry
}
