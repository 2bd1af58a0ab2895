// SPDX-License-Identifier: MIT
#pragma once

#include "analysis/replaysteps.h"
#include "analysis/traceindex.h"
#include "timeline/timelinelodcache.h"
#include "timeline/timelineviewstate.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <span>
#include <vector>

namespace corescope {

/// Plays the runs shown back at a chosen speed, steps from change to change, and keeps predict
/// mode: it moves the playhead of the window's TimelineViewState, which every view follows.
/// Times are on the views' shared axis (each run's time 0 is its own start).
class ReplayController : public QObject
{
    Q_OBJECT

public:
    /// Replay seconds per second of real time that the speed menu offers, fastest first.
    [[nodiscard]] static std::span<const double> speeds();

    /// `state` must outlive the controller; `cache` is the timeline's, which keeps each run's
    /// TraceIndex.
    ReplayController(TimelineViewState *state, std::shared_ptr<TimelineLodCache> cache,
                     QObject *parent = nullptr);
    ~ReplayController() override;

    void setRuns(std::vector<std::shared_ptr<const Trace>> runs);
    [[nodiscard]] const std::vector<std::shared_ptr<const Trace>> &runs() const;
    /// Run `run`'s index, built the first time it is asked for (a run that is never stepped
    /// through or asked about builds none); null for no such run.
    [[nodiscard]] const TraceIndex *indexOf(size_t run) const;
    /// Run `run`'s critical path and serial fraction, likewise.
    [[nodiscard]] const CriticalPath *criticalPathOf(size_t run) const;
    [[nodiscard]] const SerialShare *serialShareOf(size_t run) const;

    [[nodiscard]] bool isPlaying() const { return m_timer.isActive(); }
    [[nodiscard]] double speed() const { return m_speed; }
    /// Where the runs' events begin and end.
    [[nodiscard]] TimeNs earliest() const;
    [[nodiscard]] TimeNs extent() const;

public slots:
    /// Plays from the playhead (from the visible range's start when there is none yet).
    void play();
    void pause();
    void togglePlay();
    void setSpeed(double speed);
    /// To the next or previous change on any lane of any run.
    void stepForward();
    void stepBack();
    /// The same on the highlighted thread's lane only (any lane when none is highlighted).
    void stepLaneForward();
    void stepLaneBack();
    /// To the next or previous start or end of a task.
    void nextTaskEdge();
    void previousTaskEdge();
    void setPredicting(bool predicting);
    /// Predict mode from the runs' start (time 0), for runs that are about to be made.
    void predictFromStart();
    /// Ends predict mode: everything is shown, the playhead stays.
    void revealAll();
    /// Ends the replay: no playhead, nothing hidden.
    void stop();
    /// Draws the runs' critical paths over their lanes (the Why? panel breaks them down).
    void setShowsCriticalPath(bool show);

signals:
    void playingChanged(bool playing);
    void speedChanged(double speed);
    void predictingChanged(bool predicting);
    void criticalPathShownChanged(bool shown);

private:
    enum class Step : uint8_t {
        AnyLane,
        Lane,
        TaskEdge
    };
    void step(Step kind, bool forward);
    void tick();
    void moveTo(TimeNs time);
    [[nodiscard]] TimeNs playheadOrStart() const;

    TimelineViewState *m_state;
    std::shared_ptr<TimelineLodCache> m_cache;
    std::vector<std::shared_ptr<const Trace>> m_traces;
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_speed = 0.02;
    double m_carry = 0; ///< ns of replay time not yet moved (below 1 ns a tick at slow speeds)
};

} // namespace corescope
