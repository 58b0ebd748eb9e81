using Microsoft.Extensions.Hosting;
using Parley.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddParleySilo();
await builder.Build().RunAsync();
