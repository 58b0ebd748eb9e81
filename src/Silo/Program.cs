using Microsoft.Extensions.Hosting;
using Parley.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddParleySilo();
await builder.Build().RunAsync();
