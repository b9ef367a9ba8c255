package endpoint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// call is one request's state. It travels in the request's context, so the
// transport sees it even when go-openai makes the request (streams), and
// it is read and written only by the goroutine making the call: go-openai
// calls Do and reads the body synchronously.
type call struct {
	op    Op
	model string // named in messages; "" when the call is about no model
	limit int64  // cap on the body of a 2xx answer
	// sse says the body is an event stream: each line is capped, and a
	// "data: [DONE]" line is noted (go-openai reports it and a body that
	// merely ended with the same io.EOF).
	sse bool
	// alive, while set, is called on every read that returned bytes.
	alive func()

	status  int // status of the answer, 0 until one arrived
	header  http.Header
	sawDone bool
	line    []byte // the current SSE line, while it is short enough to be [DONE]
	lineLen int    // the current SSE line's length so far
}

type callKey struct{}

func withCall(ctx context.Context, cl *call) context.Context {
	return context.WithValue(ctx, callKey{}, cl)
}

var (
	errTooLarge    = errors.New("the answer is larger than Kaiwa accepts")
	errLineTooLong = errors.New("a line of the event stream is longer than Kaiwa accepts")
)

// transport sends every request of a Client: it adds the key and the
// configured headers, turns an error answer into an *Error (read with a cap,
// whoever made the request), and caps and watches the body of a 2xx answer.
type transport struct{ c *Client }

func (t transport) Do(req *http.Request) (*http.Response, error) {
	if t.c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+t.c.cfg.APIKey)
	}
	for k, v := range t.c.headers {
		req.Header[k] = v
	}
	resp, err := t.c.hc.Do(req)
	cl, _ := req.Context().Value(callKey{}).(*call)
	if err != nil || cl == nil {
		return resp, err
	}
	cl.status, cl.header = resp.StatusCode, resp.Header
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		// A body cut short still has the words that matter.
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBytes))
		return nil, t.c.fromBody(cl, resp.StatusCode, resp.Header, body)
	}
	resp.Body = &cappedBody{ReadCloser: resp.Body, cl: cl, left: cl.limit}
	return resp, nil
}

type cappedBody struct {
	io.ReadCloser
	cl   *call
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	// One byte past the cap tells a body at the cap from a larger one.
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.ReadCloser.Read(p)
	if int64(n) > b.left {
		return 0, fmt.Errorf("%w (%d bytes)", errTooLarge, b.cl.limit)
	}
	b.left -= int64(n)
	if n > 0 && b.cl.alive != nil {
		b.cl.alive()
	}
	if b.cl.sse {
		if serr := b.cl.scan(p[:n]); serr != nil {
			return 0, serr
		}
	}
	return n, err
}

// doneLineMax is the longest line kept to compare with "data: [DONE]".
const doneLineMax = 32

// scan follows the lines going by: it fails a line longer than
// maxLineBytes, and notes a "data: [DONE]" line. Only short lines are kept,
// so the cost is a byte search per read.
func (cl *call) scan(p []byte) error {
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		part := p
		if i >= 0 {
			part = p[:i]
		}
		cl.lineLen += len(part)
		if cl.lineLen > maxLineBytes {
			return fmt.Errorf("%w (%d bytes)", errLineTooLong, maxLineBytes)
		}
		if cl.lineLen <= doneLineMax {
			cl.line = append(cl.line, part...)
		}
		if i < 0 {
			return nil
		}
		if cl.lineLen <= doneLineMax && isDone(cl.line) {
			cl.sawDone = true
		}
		cl.line, cl.lineLen = cl.line[:0], 0
		p = p[i+1:]
	}
	return nil
}

func isDone(line []byte) bool {
	rest, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("data:"))
	return ok && string(bytes.TrimSpace(rest)) == "[DONE]"
}
