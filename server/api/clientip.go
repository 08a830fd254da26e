package api

import (
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// trustedProxies are the reverse proxies whose X-Forwarded-* headers are
// believed (WEISHI_TRUSTED_PROXIES). Fiber is configured with the same
// list (EnableTrustedProxyCheck), so c.Protocol() and c.Hostname() read the
// forwarded headers only from these peers.
type trustedProxies struct {
	ips  map[string]bool
	nets []*net.IPNet
}

func newTrustedProxies(list []string) trustedProxies {
	t := trustedProxies{ips: map[string]bool{}}
	for _, p := range list {
		if ip := net.ParseIP(p); ip != nil {
			t.ips[ip.String()] = true
		} else if _, n, err := net.ParseCIDR(p); err == nil {
			t.nets = append(t.nets, n)
		}
	}
	return t
}

func (t trustedProxies) trusts(ip net.IP) bool {
	if ip == nil {
		return false
	}
	if t.ips[ip.String()] {
		return true
	}
	for _, n := range t.nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// clientIP is the address rate limits count against. A peer that is not a
// trusted proxy is the client, whatever its headers say. Behind trusted
// proxies it is the right-most X-Forwarded-For entry that is not itself a
// trusted proxy: each proxy appends the peer it saw, so the entries left
// of that one were written by the client and prove nothing. (Fiber's
// c.IP() returns the left-most entry, which the client chooses.)
func (s *server) clientIP(c *fiber.Ctx) string {
	peer := c.Context().RemoteIP()
	if !s.proxies.trusts(peer) {
		return peer.String()
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		ip := net.ParseIP(strings.TrimSpace(hops[i]))
		if ip == nil {
			break // a malformed hop: stop believing what lies left of it
		}
		if !s.proxies.trusts(ip) {
			return ip.String()
		}
	}
	return peer.String()
}
