// The two requests in C#, for reading only: there is no .NET on this
// machine, so this file is not run and the page shows no output for it.
// `GetStringAsync` returns a `Task<string>` at once; `Task.WhenAll`
// completes when both have, with the results in the order given.
using System.Diagnostics;

// #region tasks
using var client = new HttpClient();
var baseUrl = args[0];
var clock = Stopwatch.StartNew();
Task<string> bar = client.GetStringAsync(baseUrl + "/bar");
Task<string> foo = client.GetStringAsync(baseUrl + "/foo");
// Both requests have started before the first `await`.
string[] bodies = await Task.WhenAll(bar, foo);
var ms = clock.ElapsedMilliseconds;
Console.WriteLine($"{string.Join(", ", bodies)} in {ms} ms");
// #endregion
