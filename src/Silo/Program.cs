using Microsoft.Extensions.Hosting;
using Parley.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddParleySilo();
builder.AddShutdownDeadline();
await builder.Build().RunAsync();
