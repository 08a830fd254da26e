package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/weishi-dev/weishi/server/safe"
	"github.com/weishi-dev/weishi/server/wshub"
)

func (s *server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok", "version": s.Version})
}

// readyz answers 200 when the database and Redis answer, and 503 naming
// the one that does not.
func (s *server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	body := fiber.Map{}
	status := fiber.StatusOK
	for name, p := range map[string]Pinger{"database": s.Database, "redis": s.Redis} {
		if p == nil {
			continue
		}
		if err := p.Ping(ctx); err != nil {
			body[name] = "error: " + err.Error()
			status = fiber.StatusServiceUnavailable
		} else {
			body[name] = "ok"
		}
	}
	return c.Status(status).JSON(body)
}

func (s *server) metricsHandler() fiber.Handler {
	if s.Metrics == nil {
		return func(c *fiber.Ctx) error { return fiber.ErrNotFound }
	}
	return adaptor.HTTPHandler(promhttp.HandlerFor(s.Metrics, promhttp.HandlerOpts{}))
}

// httpMetrics are the HTTP-level Prometheus metrics.
type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// panicCollector exports the guard's recovered panics.
type panicCollector struct{ guard *safe.Guard }

var panicsDesc = prometheus.NewDesc("weishi_panics_total", "Panics recovered, by where they happened (http, websocket, quiz.import, contest.room, ...).", []string{"where"}, nil)

func (p panicCollector) Describe(ch chan<- *prometheus.Desc) { ch <- panicsDesc }

func (p panicCollector) Collect(ch chan<- prometheus.Metric) {
	for _, c := range p.guard.Counts() {
		ch <- prometheus.MustNewConstMetric(panicsDesc, prometheus.CounterValue, float64(c.N), c.Where)
	}
}

func newHTTPMetrics(reg *prometheus.Registry, hub *wshub.Hub, guard *safe.Guard) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "weishi_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "weishi_http_request_duration_seconds", Help: "HTTP request latency by method and route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.latency, panicCollector{guard})
	if hub != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "weishi_websockets_open", Help: "Open websocket connections on this instance.",
		}, func() float64 { return float64(hub.Open()) }))
	}
	return m
}

func (m *httpMetrics) observe(method, route string, status int, d time.Duration) {
	if route == "" || route == "/" || route == "/*" {
		route = "other"
	}
	m.requests.WithLabelValues(method, route, itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(d.Seconds())
}

func itoa(n int) string {
	if n >= 100 && n < 600 {
		return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
	}
	return "other"
}
