// SPDX-License-Identifier: MIT
#include "replay/replaycontroller.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace corescope {
namespace {

constexpr std::array kSpeeds = {1.0, 0.1, 0.02, 0.01, 0.001};
constexpr int kFrameMs = 16; // about 60 frames a second

} // namespace

std::span<const double> ReplayController::speeds()
{
    return kSpeeds;
}

ReplayController::ReplayController(TimelineViewState *state,
                                   std::shared_ptr<TimelineLodCache> cache, QObject *parent)
    : QObject(parent)
    , m_state(state)
    , m_cache(std::move(cache))
{
    m_timer.setInterval(kFrameMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ReplayController::tick);
    connect(state, &TimelineViewState::predictingChanged, this,
            [this] { emit predictingChanged(m_state->predicting()); });
    connect(state, &TimelineViewState::criticalPathShownChanged, this,
            [this] { emit criticalPathShownChanged(m_state->showsCriticalPath()); });
}

ReplayController::~ReplayController() = default;

void ReplayController::setRuns(std::vector<std::shared_ptr<const Trace>> runs)
{
    m_traces = std::move(runs);
    if (m_traces.empty() && !m_state->predicting())
        stop();
}

const std::vector<std::shared_ptr<const Trace>> &ReplayController::runs() const
{
    return m_traces;
}

const TraceIndex *ReplayController::indexOf(size_t run) const
{
    return run < m_traces.size() ? &m_cache->index(m_traces[run]) : nullptr;
}

const CriticalPath *ReplayController::criticalPathOf(size_t run) const
{
    return run < m_traces.size() ? &m_cache->criticalPath(m_traces[run]) : nullptr;
}

const SerialShare *ReplayController::serialShareOf(size_t run) const
{
    return run < m_traces.size() ? &m_cache->serialShare(m_traces[run]) : nullptr;
}

void ReplayController::setShowsCriticalPath(bool show)
{
    m_state->setShowsCriticalPath(show);
}

TimeNs ReplayController::earliest() const
{
    TimeNs earliest = 0;
    for (const auto &trace : m_traces)
        earliest = std::min(earliest, trace->earliest());
    return earliest;
}

TimeNs ReplayController::extent() const
{
    TimeNs extent = 0;
    for (const auto &trace : m_traces)
        extent = std::max(extent, trace->extent());
    return extent;
}

TimeNs ReplayController::playheadOrStart() const
{
    return m_state->playhead().value_or(std::max(earliest(), m_state->visibleBegin()));
}

void ReplayController::play()
{
    if (m_traces.empty() || isPlaying())
        return;
    if (playheadOrStart() >= extent())
        moveTo(earliest()); // at the end: play again from the start
    else
        moveTo(playheadOrStart());
    m_carry = 0;
    m_clock.start();
    m_timer.start();
    emit playingChanged(true);
}

void ReplayController::pause()
{
    if (!isPlaying())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void ReplayController::togglePlay()
{
    isPlaying() ? pause() : play();
}

void ReplayController::setSpeed(double speed)
{
    if (!(speed > 0) || speed == m_speed)
        return;
    m_speed = speed;
    emit speedChanged(speed);
}

void ReplayController::tick()
{
    const double elapsedNs = double(m_clock.nsecsElapsed());
    m_clock.start();
    m_carry += elapsedNs * m_speed;
    const auto advance = TimeNs(m_carry);
    m_carry -= double(advance);
    const TimeNs next = playheadOrStart() + advance;
    if (next >= extent()) {
        moveTo(extent());
        pause();
        return;
    }
    moveTo(next);
}

void ReplayController::step(Step kind, bool forward)
{
    if (m_traces.empty())
        return;
    pause();
    const TimeNs from = playheadOrStart();
    const auto lane = m_state->highlightedThread();
    std::optional<TimeNs> best;
    for (size_t r = 0; r < m_traces.size(); ++r) {
        const ReplaySteps steps(*indexOf(r));
        std::optional<TimeNs> found;
        switch (kind) {
        case Step::Lane:
            if (lane && size_t(lane->run) == r) {
                const StepLane thread{StepLane::Kind::Thread, lane->thread};
                found = forward ? steps.next(thread, from) : steps.previous(thread, from);
                break;
            }
            if (lane)
                continue; // another run's lane
            [[fallthrough]];
        case Step::AnyLane:
            found = forward ? steps.next(from) : steps.previous(from);
            break;
        case Step::TaskEdge:
            found = forward ? steps.nextTaskEdge(from) : steps.previousTaskEdge(from);
            break;
        }
        if (found)
            best = !best ? found : forward ? std::min(*best, *found) : std::max(*best, *found);
    }
    if (best)
        moveTo(*best);
    else if (!m_state->playhead())
        moveTo(from); // nothing to step to: the replay begins where the view does
}

void ReplayController::stepForward()
{
    step(Step::AnyLane, true);
}

void ReplayController::stepBack()
{
    step(Step::AnyLane, false);
}

void ReplayController::stepLaneForward()
{
    step(Step::Lane, true);
}

void ReplayController::stepLaneBack()
{
    step(Step::Lane, false);
}

void ReplayController::nextTaskEdge()
{
    step(Step::TaskEdge, true);
}

void ReplayController::previousTaskEdge()
{
    step(Step::TaskEdge, false);
}

void ReplayController::setPredicting(bool predicting)
{
    if (predicting && !m_state->playhead() && !m_traces.empty())
        moveTo(earliest());
    m_state->setPredicting(predicting);
}

void ReplayController::predictFromStart()
{
    pause();
    m_state->setPlayhead(0);
    m_state->setPredicting(true);
}

void ReplayController::revealAll()
{
    m_state->setPredicting(false);
}

void ReplayController::stop()
{
    pause();
    m_state->setPredicting(false);
    m_state->setPlayhead(std::nullopt);
}

void ReplayController::moveTo(TimeNs time)
{
    time = std::clamp(time, earliest(), std::max(earliest(), extent()));
    m_state->setPlayhead(time);
    // The views follow: a playhead that leaves the visible range pages it along.
    const TimeNs begin = m_state->visibleBegin();
    const TimeNs end = m_state->visibleEnd();
    const TimeNs width = end - begin;
    if (width > 0 && (time < begin || time > end)) {
        const TimeNs newBegin = time > end ? time - width / 10 : time - width * 9 / 10;
        m_state->setVisibleRange(newBegin, newBegin + width);
    }
}

} // namespace corescope
