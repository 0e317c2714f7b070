// Echo server on valyala/fasthttp (its own HTTP/1.1 parser); usage: fasthttp-echo PORT. Header names are kept as
// received (DisableHeaderNamesNormalizing) but fasthttp stores Host, Content-Type, Content-Length and User-Agent
// apart from the other fields, so order is not the received one (lacks `raw-field-names`); no trailer API is used
// (lacks `trailers`).
package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"unicode/utf8"

	"github.com/valyala/fasthttp"
)

// octets: a JSON string when the octets are UTF-8, else {"base64": ...}
func octets(b []byte) interface{} {
	if utf8.Valid(b) {
		return string(b)
	}
	return map[string]string{"base64": base64.StdEncoding.EncodeToString(b)}
}

func echo(ctx *fasthttp.RequestCtx) {
	fields := [][2]interface{}{}
	ctx.Request.Header.VisitAll(func(k, v []byte) { fields = append(fields, [2]interface{}{octets(k), octets(v)}) })
	doc := map[string]interface{}{
		"h1compatEcho": 1, "method": octets(ctx.Method()), "target": octets(ctx.RequestURI()),
		"version": octets(ctx.Request.Header.Protocol()), "fields": fields,
		"body": base64.StdEncoding.EncodeToString(ctx.Request.Body()), "trailers": [][2]interface{}{},
	}
	out, _ := json.Marshal(doc)
	ctx.SetContentType("application/json")
	ctx.SetStatusCode(200)
	ctx.SetBody(out)
}

func main() {
	s := &fasthttp.Server{Handler: echo, DisableHeaderNamesNormalizing: true, NoDefaultServerHeader: true}
	panic(s.ListenAndServe("127.0.0.1:" + os.Args[1]))
}
