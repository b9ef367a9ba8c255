package endpoint

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Message is one turn of the conversation; Role is system, user or assistant.
type Message struct {
	Role, Content string
}

// Options shape one chat reply.
type Options struct {
	// MaxTokens bounds the reply's length; 0 leaves it to the provider.
	MaxTokens int
	// JSON asks for a JSON object as the answer (response_format
	// json_object); Complete then checks that the answer is one.
	JSON bool
}

var (
	errStalled      = &deadlineError{"the provider sent nothing new in time"}
	errReplyTooLong = &deadlineError{"the reply went on past its overall deadline"}
)

// Stream sends a streamed chat completion and calls onDelta with each piece
// of content as it arrives (never with ""). It returns when the stream ends
// ([DONE], or EOF after a finish reason), ctx is cancelled, a deadline
// passes, or an error occurs. Usage-only chunks (no choices) and ": ping"
// keep-alive comments are skipped. Every error is an *Error.
//
// Deadlines: the whole reply has ReplyTimeout. Until the first content, any
// bytes from the provider (headers, the role chunk, keep-alives while a
// model loads) show it is alive, and FirstByteTimeout bounds each silence.
// From the first content on, only content counts (a delta with text,
// reasoning included): IdleTimeout bounds the wait for the next one, so a
// provider that keeps pinging but says nothing more times out.
func (c *Client) Stream(ctx context.Context, msgs []Message, opts Options, onDelta func(string)) error {
	cl := c.newCall(OpChat, c.cfg.Model, maxStreamBytes)
	cl.sse = true
	rctx, cancel := context.WithTimeoutCause(ctx, orDefault(c.ReplyTimeout, defaultReplyTimeout), errReplyTooLong)
	defer cancel()
	sctx, stall := context.WithCancelCause(rctx)
	defer stall(nil)
	first := orDefault(c.FirstByteTimeout, defaultFirstByteTimeout)
	idle := orDefault(c.IdleTimeout, defaultIdleTimeout)
	watchdog := time.AfterFunc(first, func() { stall(errStalled) })
	defer watchdog.Stop()
	cl.alive = func() { watchdog.Reset(first) }

	stream, err := c.oa.CreateChatCompletionStream(withCall(sctx, cl), c.chatRequest(msgs, opts))
	if err != nil {
		return c.fail(ctx, sctx, cl, err)
	}
	defer stream.Close()

	var sawEvent, finished bool
	for {
		resp, err := stream.Recv()
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return c.fail(ctx, sctx, cl, err)
		case finished:
			// The reply is complete; a provider that then stalls or closes
			// without [DONE] has cost the learner nothing.
			return nil
		case errors.Is(err, io.EOF) && cl.sawDone:
			return nil
		case errors.Is(err, io.EOF) && !sawEvent:
			return c.newError(cl, KindBadAnswer, cl.status, "the reply held no data events")
		case errors.Is(err, io.EOF):
			return c.newError(cl, KindDropped, 0, "the stream ended before a finish reason or [DONE]")
		default:
			return c.fail(ctx, sctx, cl, err)
		}
		sawEvent = true
		if len(resp.Choices) == 0 {
			continue // usage-only chunk
		}
		ch := resp.Choices[0]
		if ch.Delta.Content != "" || ch.Delta.ReasoningContent != "" {
			// Content from here on is the only sign of progress. The
			// watchdog waits while onDelta runs: a slow consumer must not
			// make a healthy stream time out.
			cl.alive = nil
			watchdog.Stop()
			if ch.Delta.Content != "" && onDelta != nil {
				onDelta(ch.Delta.Content)
			}
			watchdog.Reset(idle)
		}
		if ch.FinishReason != "" {
			finished = true
		}
	}
}

// Complete sends a chat completion that is not streamed and returns the
// answer's text, for features that need the whole answer at once
// (corrections, reports). opts.JSON asks for a JSON object, but the text is
// returned as it came: models without JSON mode wrap it in prose or a code
// fence, and the caller reads it leniently. It has ReplyTimeout. Every error
// is an *Error.
func (c *Client) Complete(ctx context.Context, msgs []Message, opts Options) (string, error) {
	cl := c.newCall(OpChat, c.cfg.Model, maxAnswerBytes)
	body, err := json.Marshal(c.chatRequest(msgs, opts))
	if err != nil {
		return "", c.newError(cl, KindBadInput, 0, err.Error())
	}
	data, _, err := c.send(ctx, cl, orDefault(c.ReplyTimeout, defaultReplyTimeout), http.MethodPost, "/chat/completions", "application/json", body)
	if err != nil {
		return "", err
	}
	var answer struct {
		Choices []openai.ChatCompletionChoice `json:"choices"`
		Error   json.RawMessage               `json:"error"`
	}
	if err := json.Unmarshal(data, &answer); err != nil {
		return "", c.newError(cl, KindBadAnswer, cl.status, "not a chat completion: "+string(data))
	}
	if len(answer.Choices) == 0 {
		if len(answer.Error) > 0 && string(answer.Error) != "null" {
			apiErr := &openai.APIError{}
			if json.Unmarshal(answer.Error, apiErr) != nil {
				apiErr.Message, _ = bodyMessage(data)
			}
			return "", c.fromEvent(cl, apiErr)
		}
		return "", c.newError(cl, KindBadAnswer, cl.status, "no choices in the answer: "+string(data))
	}
	return answer.Choices[0].Message.Content, nil
}

// chatRequest is the chat request for msgs, not streamed: go-openai sets
// stream for Stream.
func (c *Client) chatRequest(msgs []Message, opts Options) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{Model: c.cfg.Model}
	for _, m := range msgs {
		req.Messages = append(req.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	if opts.JSON {
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	}
	if opts.MaxTokens > 0 {
		req.MaxTokens = opts.MaxTokens
		// OpenAI's reasoning models (o1, gpt-5...) refuse max_tokens, and
		// go-openai will not send it to them: they take
		// max_completion_tokens instead.
		if errors.Is(openai.NewReasoningValidator().Validate(req), openai.ErrReasoningModelMaxTokensDeprecated) {
			req.MaxTokens, req.MaxCompletionTokens = 0, opts.MaxTokens
		}
	}
	return req
}

// Models lists model ids from GET {BaseURL}/models, sorted, within
// ModelsTimeout. Every error is an *Error.
func (c *Client) Models(ctx context.Context) ([]string, error) {
	cl := c.newCall(OpModels, "", maxAnswerBytes)
	data, _, err := c.send(ctx, cl, orDefault(c.ModelsTimeout, defaultModelsTimeout), http.MethodGet, "/models", "", nil)
	if err != nil {
		return nil, err
	}
	// Another program may answer at the address; only an OpenAI-style list counts.
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &list); err != nil || list.Data == nil {
		return nil, c.newError(cl, KindBadAnswer, cl.status, "not a model list: "+string(data))
	}
	ids := make([]string, 0, len(list.Data))
	for _, m := range list.Data {
		if m.ID != "" {
			ids = append(ids, m.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// DetectOllama reports whether an Ollama server answers at baseURL (normally
// OllamaBaseURL) with a model list within ~300 ms, so Settings can offer it
// without slowing down when it is absent. Any failure means "not detected".
func DetectOllama(ctx context.Context, baseURL string) bool {
	if strings.TrimSpace(baseURL) == "" {
		return false
	}
	c := New(Config{BaseURL: baseURL}, nil)
	c.ModelsTimeout = detectTimeout
	_, err := c.Models(ctx)
	return err == nil
}
