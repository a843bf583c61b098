import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what this chart draws: the bundle carries bars, axes, tooltip and the SVG renderer.
echarts.use([BarChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export interface UnitScoreBar {
  unit: string;
  score: number;
  rank: number;
}

/**
 * Unit scores as horizontal bars, best ranked on top. A small wrapper over ECharts' core
 * (no echarts-for-react): init once, setOption on new data, resize with the container.
 * Loaded lazily with the evaluation page, so the first page never carries ECharts.
 */
export default function UnitScoreChart({ units, label, scoreLabel }: { units: UnitScoreBar[]; label: string; scoreLabel: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    chart.current = echarts.init(element, undefined, { renderer: 'svg' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Bottom to top in ECharts' category axis: the first rank is drawn last, on top.
    const sorted = [...units].sort((a, b) => b.rank - a.rank);
    chart.current?.setOption(
      {
        aria: { enabled: true, label: { description: label } },
        animation: false,
        grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'value', name: scoreLabel, min: 0, splitLine: { lineStyle: { type: 'dashed' } } },
        yAxis: {
          type: 'category',
          data: sorted.map((u) => `${u.rank}. ${u.unit}`),
          axisTick: { show: false },
        },
        series: [
          {
            type: 'bar',
            name: scoreLabel,
            data: sorted.map((u) => Number(u.score.toFixed(2))),
            barMaxWidth: 28,
            itemStyle: { color: '#0958d9', borderRadius: [0, 4, 4, 0] },
            label: { show: true, position: 'right' },
          },
        ],
      },
      true,
    );
  }, [units, label, scoreLabel]);

  return (
    <div
      ref={container}
      role="img"
      aria-label={label}
      data-testid="unit-score-chart"
      style={{ width: '100%', height: Math.max(160, units.length * 40 + 40) }}
    />
  );
}
