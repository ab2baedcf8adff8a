package io.lockstep.sync.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.sync.testing.SyncTestServer;
import io.lockstep.sync.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** On shutdown the service finishes what is in flight, closes sockets with 1001 and refuses new ones. */
class GracefulStopTest {

  @Test
  void stoppingClosesOpenConnectionsWithGoingAwayAndRefusesNewOnes() throws InterruptedException {
    try (SyncTestServer server = SyncTestServer.start();
         WsTestClient client = WsTestClient.connect(server.port())) {
      client.request(new JsonObject().put("t", "hello").put("src", "leaver"));
      client.request(new JsonObject().put("t", "create").put("doc", "stop/1").put("type", "text-unicode").put("data", "x"));
      client.request(new JsonObject().put("t", "sub").put("doc", "stop/1"));

      server.stopGracefully();

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (client.closeCode() == null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(client.closeCode()).isEqualTo((short) 1001);

      Vertx vertx = Vertx.vertx();
      try {
        HttpClient http = vertx.createHttpClient();
        int status = http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(server.port()).setURI("/sync")
                .putHeader("Connection", "Upgrade").putHeader("Upgrade", "websocket")
                .putHeader("Sec-WebSocket-Version", "13").putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="))
            .compose(req -> req.send()).map(resp -> resp.statusCode()).await();
        assertThat(status).isEqualTo(503);
      } finally {
        vertx.close().await();
      }
    }
  }
}
