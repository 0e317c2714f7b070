// Echo server on Netty 4.2 (HttpServerCodec, HttpServerKeepAliveHandler, HttpServerExpectContinueHandler); usage:
// NettyEcho PORT. The echo collects the content itself: HttpObjectAggregator would rewrite the head it reports
// (chunked becomes Content-Length). Names, order and duplicates as received; trailers from LastHttpContent.
// A request the decoder could not parse is answered 400 and closed (Netty leaves that to the application).
package h1compat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public final class NettyEcho {
  static List<String[]> pairs(HttpHeaders h) {
    List<String[]> out = new ArrayList<>();
    for (Map.Entry<String, String> e : h) out.add(new String[] {e.getKey(), e.getValue()});
    return out;
  }

  static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
    private HttpRequest req;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean failed;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpRequest r) {
        req = r;
        body.reset();
        failed = r.decoderResult().isFailure();
        // a head Netty refused comes without a LastHttpContent after it: answer now
        if (failed && !(msg instanceof LastHttpContent)) {
          answer(ctx, LastHttpContent.EMPTY_LAST_CONTENT);
          return;
        }
      }
      if (msg instanceof HttpContent c) {
        failed |= c.decoderResult().isFailure();
        body.writeBytes(ByteBufUtil.getBytes(c.content()));
        if (msg instanceof LastHttpContent last && req != null) answer(ctx, last);
      }
    }

    private void answer(ChannelHandlerContext ctx, LastHttpContent last) {
      if (failed) {
        FullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
        bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      byte[] out = Echo.body(req.method().name(), req.uri(), req.protocolVersion().text(), pairs(req.headers()),
          body.toByteArray(), pairs(last.trailingHeaders()));
      boolean head = req.method().equals(HttpMethod.HEAD);
      FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(out));
      resp.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json").set(HttpHeaderNames.CONTENT_LENGTH, out.length);
      ctx.writeAndFlush(resp);
    }
  }

  public static void main(String[] args) throws Exception {
    var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    new ServerBootstrap().group(group).channel(NioServerSocketChannel.class).childHandler(new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(), new HttpServerExpectContinueHandler(), new Handler());
      }
    }).bind("127.0.0.1", Integer.parseInt(args[0])).sync().channel().closeFuture().sync();
  }
}
