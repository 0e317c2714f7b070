// Client driver for Go's net/http client (one keep-alive connection, MaxConnsPerHost 1); usage: go-client SPEC.json.
// net/http keeps response fields in a canonicalised map (reported sorted by name); 1xx responses come from httptrace.
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

type spec struct {
	TimeoutMs         int `json:"timeoutMs"`
	ContinueTimeoutMs int `json:"continueTimeoutMs"`
	Requests          []struct {
		URL            string               `json:"url"`
		Method         json.RawMessage      `json:"method"`
		Fields         [][2]json.RawMessage `json:"fields"`
		Body           *string              `json:"body"`
		ExpectContinue bool                 `json:"expectContinue"`
	} `json:"requests"`
}

// the spec's octets: a JSON string or {"base64": ...}
func octets(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b struct {
		Base64 string `json:"base64"`
	}
	json.Unmarshal(raw, &b)
	d, _ := base64.StdEncoding.DecodeString(b.Base64)
	return string(d)
}

func enc(s string) interface{} {
	if utf8.ValidString(s) {
		return s
	}
	return map[string]string{"base64": base64.StdEncoding.EncodeToString([]byte(s))}
}

func pairs(h http.Header) [][2]interface{} {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	out := [][2]interface{}{}
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, [2]interface{}{enc(n), enc(v)})
		}
	}
	return out
}

func errEntry(err error) map[string]interface{} {
	code := "ERROR"
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		code = "TIMEOUT"
	}
	return map[string]interface{}{"error": map[string]string{"code": code, "message": err.Error()}}
}

func main() {
	text, err := os.ReadFile(os.Args[len(os.Args)-1])
	if err != nil {
		panic(err)
	}
	var sp spec
	if err := json.Unmarshal(text, &sp); err != nil {
		panic(err)
	}
	tr := &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1, DisableCompression: true,
		ExpectContinueTimeout: time.Duration(sp.ContinueTimeoutMs) * time.Millisecond}
	client := &http.Client{Transport: tr, Timeout: time.Duration(sp.TimeoutMs) * time.Millisecond,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	results := []interface{}{}
	for _, r := range sp.Requests {
		var body io.Reader
		if r.Body != nil {
			b, _ := base64.StdEncoding.DecodeString(*r.Body)
			body = bytes.NewReader(b)
		}
		interim := []int{}
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			Got1xxResponse: func(code int, _ textproto.MIMEHeader) error { interim = append(interim, code); return nil },
		})
		req, err := http.NewRequestWithContext(ctx, octets(r.Method), r.URL, body)
		if err != nil {
			results = append(results, errEntry(err))
			continue
		}
		for _, f := range r.Fields {
			n, v := octets(f[0]), octets(f[1])
			switch strings.ToLower(n) {
			case "host":
				req.Host = v
			case "content-length":
			case "transfer-encoding":
				req.TransferEncoding = []string{v}
				req.ContentLength = -1
			default:
				req.Header[n] = append(req.Header[n], v) // as written, not canonicalised
			}
		}
		resp, err := client.Do(req)
		if err != nil {
			results = append(results, errEntry(err))
			continue
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			results = append(results, errEntry(err))
			continue
		}
		results = append(results, map[string]interface{}{
			"status": resp.StatusCode, "reason": enc(strings.TrimPrefix(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode)), " ")),
			"version": resp.Proto, "headers": pairs(resp.Header), "body": base64.StdEncoding.EncodeToString(data),
			"trailers": pairs(resp.Trailer), "interim": interim,
		})
	}
	out, _ := json.Marshal(map[string]interface{}{"h1compatClientResult": 1, "client": "go net/http " + runtime.Version(), "results": results})
	os.Stdout.Write(append(out, '\n'))
	io.Copy(io.Discard, os.Stdin) // hold the connection until the harness ends stdin
	tr.CloseIdleConnections()
}
