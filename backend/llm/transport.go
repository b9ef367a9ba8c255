package llm

import (
	"bytes"
	"io"
	"net/http"
)

// go-openai hides the HTTP response (its headers, and whether the body really
// ended) behind its own types. A per-call trace, carried in the request's
// context, lets the client see them: Retry-After on errors, activity for the
// idle deadline, and whether [DONE] arrived (go-openai reports it and a body
// that merely ended with the same io.EOF).
type traceKey struct{}

// trace is written and read only by the goroutine running the call: go-openai
// calls Do and reads the body synchronously.
type trace struct {
	kick    func() // called on every read that returned bytes; nil if unused
	status  int    // status of the last response, 0 if none arrived
	header  http.Header
	body    io.ReadCloser
	sawDone bool
	line    []byte // the current SSE line, while it is short enough to be [DONE]
	long    bool   // the current line outgrew line
}

// close releases the body on paths where go-openai reads it but never closes
// it (its error responses).
func (t *trace) close() {
	if t.body != nil {
		t.body.Close()
	}
}

type doer struct{ hc *http.Client }

func (d doer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.hc.Do(req)
	tr, _ := req.Context().Value(traceKey{}).(*trace)
	if err != nil || tr == nil {
		return resp, err
	}
	tr.status, tr.header = resp.StatusCode, resp.Header
	resp.Body = &watchedBody{ReadCloser: resp.Body, tr: tr}
	tr.body = resp.Body
	return resp, nil
}

type watchedBody struct {
	io.ReadCloser
	tr *trace
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 && b.tr.kick != nil {
		b.tr.kick()
	}
	b.tr.scan(p[:n])
	return n, err
}

// scan watches the bytes go by for a "data: [DONE]" line. Only short lines are
// kept, so the cost is a byte search per read.
func (t *trace) scan(p []byte) {
	const maxLine = 32
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		part := p
		if i >= 0 {
			part = p[:i]
		}
		if !t.long && len(t.line)+len(part) <= maxLine {
			t.line = append(t.line, part...)
		} else {
			t.long = true
		}
		if i < 0 {
			return
		}
		if !t.long && isDone(t.line) {
			t.sawDone = true
		}
		t.line, t.long = t.line[:0], false
		p = p[i+1:]
	}
}

func isDone(line []byte) bool {
	rest, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("data:"))
	return ok && string(bytes.TrimSpace(rest)) == "[DONE]"
}
