package api

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"kaiwa/backend/errs"
)

// EventsTypeScript is the TypeScript of the events and error codes the page
// receives, generated from events.go and package errs.
func EventsTypeScript() string {
	var b strings.Builder
	b.WriteString("// Code generated from backend/api/events.go by `make bindings`. DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "/** Every reply stream's event name starts with this. */\nexport const EventReply = %q;\n\n", EventReply)
	fmt.Fprintf(&b, "/** The event that brings a learner line's feedback. */\nexport const EventCorrection = %q;\n\n", EventCorrection)
	codes := make([]string, len(errs.Codes))
	for i, c := range errs.Codes {
		codes[i] = fmt.Sprintf("%q", c)
	}
	fmt.Fprintf(&b, "/** The codes of errors and problems from Go (package errs). */\nexport type ErrorCode = %s;\n", strings.Join(codes, " | "))

	seen := map[reflect.Type]bool{}
	var queue []reflect.Type
	for _, p := range eventPayloads {
		queue = append(queue, reflect.TypeOf(p))
	}
	for len(queue) > 0 {
		t := queue[0]
		queue = queue[1:]
		if seen[t] {
			continue
		}
		seen[t] = true
		fmt.Fprintf(&b, "\nexport interface %s {\n", t.Name())
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			optional := ""
			if strings.Contains(opts, "omitempty") {
				optional = "?"
			}
			ts, nested := tsType(f.Type)
			queue = append(queue, nested...)
			fmt.Fprintf(&b, "  %s%s: %s;\n", name, optional, ts)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

var codeType = reflect.TypeOf(errs.Code(""))
var timeType = reflect.TypeOf(time.Time{})

// tsType maps a Go type to TypeScript, with the structs it refers to.
func tsType(t reflect.Type) (string, []reflect.Type) {
	switch {
	case t == codeType:
		return "ErrorCode", nil
	case t == timeType:
		return "string", nil
	}
	switch t.Kind() {
	case reflect.String:
		return "string", nil
	case reflect.Bool:
		return "boolean", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number", nil
	case reflect.Pointer:
		inner, nested := tsType(t.Elem())
		return inner + " | null", nested
	case reflect.Slice:
		inner, nested := tsType(t.Elem())
		return inner + "[]", nested
	case reflect.Struct:
		return t.Name(), []reflect.Type{t}
	}
	panic("api: no TypeScript for " + t.String())
}
