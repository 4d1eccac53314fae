// Clicks, referrals and wins per channel (the dashboard's, an advocate's), and one advocate's
// activity as figures with that table and a CSV file of it: for the console's advocate page and
// the advocate's portal.
import { dateTime, percent } from "../format";
import type { Activity, ChannelFigures } from "../models";
import { CsvDownload } from "./csv_download";

export function ChannelTable({ channels, caption = "By channel" }: { channels: ChannelFigures[]; caption?: string }) {
  return (
    <table class="table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Channel</th>
          <th scope="col">Clicks</th>
          <th scope="col">Referrals</th>
          <th scope="col">Won</th>
          <th scope="col">Referral to won</th>
        </tr>
      </thead>
      <tbody>
        {channels.map((c) => (
          <tr key={c.channel}>
            <td>{c.channel}</td>
            <td class="number">{c.clicks}</td>
            <td class="number">{c.referrals}</td>
            <td class="number">{c.won}</td>
            <td class="number">{percent(c.won, c.referrals)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ActivityFigures({ activity, caption }: { activity: Activity; caption: string }) {
  const f = activity.funnel;
  // The file's name says what it counts: the UTC days of the range.
  const range = `${activity.from.slice(0, 10)}-before-${activity.to.slice(0, 10)}`;
  return (
    <>
      <dl class="kpis">
        <div class="kpi">
          <dt>Clicks</dt>
          <dd>{f.clicks.toLocaleString()}</dd>
        </div>
        <div class="kpi">
          <dt>Visitors</dt>
          <dd>{f.unique_visitors.toLocaleString()}</dd>
        </div>
        <div class="kpi">
          <dt>Referrals</dt>
          <dd>{f.referrals.toLocaleString()}</dd>
        </div>
        <div class="kpi">
          <dt>Won</dt>
          <dd>{f.won.toLocaleString()}</dd>
        </div>
      </dl>
      <p class="muted">
        {activity.last_click_at ? `Last click ${dateTime(activity.last_click_at)}.` : "No clicks in these 30 days."}
      </p>
      {activity.channels.length > 0 ? (
        <>
          <ChannelTable channels={activity.channels} caption={caption} />
          <CsvDownload
            what="the clicks and referrals by channel"
            filename={`activity-${range}.csv`}
            header={["channel", "clicks", "referrals", "won"]}
            rows={activity.channels.map((c) => [c.channel, c.clicks, c.referrals, c.won])}
          />
        </>
      ) : null}
    </>
  );
}
