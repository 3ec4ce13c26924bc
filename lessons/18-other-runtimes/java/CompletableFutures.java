// The two requests in Java with futures: `HttpClient.sendAsync` returns a
// `CompletableFuture` at once, and the client completes it when the whole
// response is in. The code says what to do with a finished result, not
// when a socket is ready.
//
// Usage: java CompletableFutures.java BASE_URL. Prints one JSON object.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public class CompletableFutures {
  static final List<String> PATHS = List.of("/bar", "/foo");

  public static void main(String[] args) {
    String base = args[0];
    long start = System.nanoTime();
    // #region futures
    // HTTP/1.1 asked for by name: the default, HTTP/2, would offer the
    // server an upgrade first.
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<String>> futures = PATHS.stream()
        .map(path -> HttpRequest.newBuilder(URI.create(base + path)).build())
        .map(request -> client
            .sendAsync(request, HttpResponse.BodyHandlers.ofString())
            .thenApply(response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    request.uri() + " answered " + response.statusCode());
              }
              return response.body();
            }))
        .toList();
    // Both are in flight now; `allOf` completes when both have.
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    List<String> bodies =
        futures.stream().map(CompletableFuture::join).toList();
    // #endregion
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf(
        "{\"paths\": [\"/bar\", \"/foo\"], \"bodies\": [\"%s\", \"%s\"], "
            + "\"ms\": %.1f}%n",
        bodies.get(0), bodies.get(1), ms);
  }
}
